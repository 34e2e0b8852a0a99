/// Published list prices of common hosted models, used when a deployment's config names no
/// `price`: a gateway that bills nothing for an unpriced deployment lets budgets be spent around.
///
/// USD per million tokens, standard (not batch, not cached-input) tier, short-context price
/// where a provider charges more above a context size. Transcribed from the providers' public
/// pricing pages (openai.com/api/pricing, anthropic.com/pricing, ai.google.dev/pricing,
/// mistral.ai/pricing) as they stood on `asOf`; prices change, so a deployment that bills
/// for real should say its `price`, which always wins.
public enum PriceTable {
    public struct Entry: Sendable, Equatable {
        /// The provider's model id; dated snapshots (`gpt-4o-2024-08-06`) match their family.
        public var model: String
        public var provider: String
        public var price: Price
        /// When the price was read from the provider's page (YYYY-MM).
        public var asOf: String
    }

    static func entry(_ model: String, _ provider: String, _ input: Double, _ output: Double, _ asOf: String) -> Entry {
        Entry(model: model, provider: provider, price: Price(inputPerMillion: input, outputPerMillion: output), asOf: asOf)
    }

    public static let entries: [Entry] = [
        entry("gpt-5", "OpenAI", 1.25, 10.00, "2025-08"),
        entry("gpt-5-mini", "OpenAI", 0.25, 2.00, "2025-08"),
        entry("gpt-5-nano", "OpenAI", 0.05, 0.40, "2025-08"),
        entry("gpt-4.1", "OpenAI", 2.00, 8.00, "2025-08"),
        entry("gpt-4.1-mini", "OpenAI", 0.40, 1.60, "2025-08"),
        entry("gpt-4.1-nano", "OpenAI", 0.10, 0.40, "2025-08"),
        entry("gpt-4o", "OpenAI", 2.50, 10.00, "2025-08"),
        entry("gpt-4o-mini", "OpenAI", 0.15, 0.60, "2025-08"),
        entry("gpt-4-turbo", "OpenAI", 10.00, 30.00, "2025-08"),
        entry("gpt-4", "OpenAI", 30.00, 60.00, "2025-08"),
        entry("gpt-3.5-turbo", "OpenAI", 0.50, 1.50, "2025-08"),
        entry("o3", "OpenAI", 2.00, 8.00, "2025-08"),
        entry("o3-mini", "OpenAI", 1.10, 4.40, "2025-08"),
        entry("o4-mini", "OpenAI", 1.10, 4.40, "2025-08"),
        entry("o1", "OpenAI", 15.00, 60.00, "2025-08"),
        entry("text-embedding-3-small", "OpenAI", 0.02, 0, "2025-08"),
        entry("text-embedding-3-large", "OpenAI", 0.13, 0, "2025-08"),
        entry("text-embedding-ada-002", "OpenAI", 0.10, 0, "2025-08"),
        entry("claude-opus-4-1", "Anthropic", 15.00, 75.00, "2025-08"),
        entry("claude-opus-4", "Anthropic", 15.00, 75.00, "2025-08"),
        entry("claude-sonnet-4", "Anthropic", 3.00, 15.00, "2025-08"),
        entry("claude-3-7-sonnet", "Anthropic", 3.00, 15.00, "2025-08"),
        entry("claude-3-5-sonnet", "Anthropic", 3.00, 15.00, "2025-08"),
        entry("claude-3-5-haiku", "Anthropic", 0.80, 4.00, "2025-08"),
        entry("claude-3-opus", "Anthropic", 15.00, 75.00, "2025-08"),
        entry("claude-3-haiku", "Anthropic", 0.25, 1.25, "2025-08"),
        entry("gemini-2.5-pro", "Google", 1.25, 10.00, "2025-08"),
        entry("gemini-2.5-flash", "Google", 0.30, 2.50, "2025-08"),
        entry("gemini-2.0-flash", "Google", 0.10, 0.40, "2025-08"),
        entry("gemini-1.5-pro", "Google", 1.25, 5.00, "2025-08"),
        entry("gemini-1.5-flash", "Google", 0.075, 0.30, "2025-08"),
        entry("mistral-large", "Mistral", 2.00, 6.00, "2025-08"),
        entry("open-mixtral-8x7b", "Mistral", 0.70, 0.70, "2025-08"),
    ]

    private static let byModel: [String: Entry] = Dictionary(entries.map { ($0.model, $0) }, uniquingKeysWith: { a, _ in a })

    /// The entry for an upstream model id: exact, else the longest entry the id extends at a
    /// dash (a dated snapshot or a `-latest` alias); a routing prefix such as `openai/` or
    /// `anthropic/` is ignored. Nil for models the table does not know.
    public static func entry(forModel id: String) -> Entry? {
        let name = id.split(separator: "/").last.map(String.init)?.lowercased() ?? id.lowercased()
        if let exact = byModel[name] { return exact }
        var candidate = Substring(name)
        while let dash = candidate.lastIndex(of: "-") {
            candidate = candidate[..<dash]
            if let entry = byModel[String(candidate)] { return entry }
        }
        return nil
    }
}
