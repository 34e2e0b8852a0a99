/// Token counts of one completion: `{prompt_tokens, completion_tokens, total_tokens}`.
public struct Usage: Sendable, Hashable {
    /// Input tokens, cached ones included.
    public var promptTokens: Int
    /// Output tokens, reasoning included.
    public var completionTokens: Int
    /// Prompt plus completion.
    public var totalTokens: Int
    /// Prompt tokens served from a cache (`prompt_tokens_details.cached_tokens`), when reported.
    public var cachedPromptTokens: Int?
    /// Completion tokens spent on hidden reasoning (`completion_tokens_details.reasoning_tokens`), when reported.
    public var reasoningTokens: Int?

    /// Counts with `total` defaulting to prompt + completion.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil,
        cachedPromptTokens: Int? = nil, reasoningTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.reasoningTokens = reasoningTokens
    }
}

extension Usage: WireEncodable, Decodable {
    private enum Keys: String, CodingKey {
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        case promptDetails = "prompt_tokens_details", completionDetails = "completion_tokens_details"
    }

    private enum DetailKeys: String, CodingKey {
        case cachedTokens = "cached_tokens", reasoningTokens = "reasoning_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let prompt = Self.count(try c.decodeIfPresent(Int.self, forKey: .promptTokens)) ?? 0
        let completion = Self.count(try c.decodeIfPresent(Int.self, forKey: .completionTokens)) ?? 0
        let cached = try? c.nestedContainer(keyedBy: DetailKeys.self, forKey: .promptDetails)
            .decodeIfPresent(Int.self, forKey: .cachedTokens)
        let reasoning = try? c.nestedContainer(keyedBy: DetailKeys.self, forKey: .completionDetails)
            .decodeIfPresent(Int.self, forKey: .reasoningTokens)
        self.init(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: Self.count(try c.decodeIfPresent(Int.self, forKey: .totalTokens)),
            cachedPromptTokens: Self.count(cached), reasoningTokens: Self.count(reasoning))
    }

    /// The usage as JSON; the detail objects appear only when their counts are known.
    public var jsonValue: JSONValue {
        var o: JSONObject = [
            "prompt_tokens": .integer(Int64(promptTokens)),
            "completion_tokens": .integer(Int64(completionTokens)),
            "total_tokens": .integer(Int64(totalTokens)),
        ]
        if let cachedPromptTokens { o["prompt_tokens_details"] = ["cached_tokens": .integer(Int64(cachedPromptTokens))] }
        if let reasoningTokens { o["completion_tokens_details"] = ["reasoning_tokens": .integer(Int64(reasoningTokens))] }
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

extension Usage {
    /// The largest token count read from an upstream, 2^31 − 1: far above any real request, and
    /// small enough that adding counts up (prompt + completion, a cascade's tiers) cannot overflow.
    public static let maxCount = Int(Int32.max)

    /// `n` when it is a token count in `0...maxCount`, else nil. Every reader of an upstream's
    /// usage treats a count outside that range as absent, as it treats one of the wrong type:
    /// a buggy or hostile upstream can neither crash the gateway with an overflowing sum
    /// (`prompt_tokens: 9223372036854775807` and no total) nor bill negative tokens.
    static func count(_ n: Int?) -> Int? {
        guard let n, (0...maxCount).contains(n) else { return nil }
        return n
    }

    /// A JSON value as a token count; nil when absent, not an integer or out of range.
    static func count(_ value: JSONValue?) -> Int? {
        count(value?.intValue)
    }

    /// Reads a `usage` object leniently (missing or unreadable counts are 0); nil for anything
    /// not an object.
    public init?(json: JSONValue) {
        guard case .object(let o) = json else { return nil }
        self.init(
            promptTokens: Self.count(o["prompt_tokens"]) ?? 0,
            completionTokens: Self.count(o["completion_tokens"]) ?? 0,
            totalTokens: Self.count(o["total_tokens"]),
            cachedPromptTokens: Self.count(o["prompt_tokens_details"]?["cached_tokens"]),
            reasoningTokens: Self.count(o["completion_tokens_details"]?["reasoning_tokens"]))
    }

    /// The `usage` of an upstream completion body or stream chunk, parsing only that member
    /// and stepping over the rest (choices can be long); nil when absent or `null`.
    public static func scan(_ body: some Collection<UInt8>) -> Usage? {
        JSONValue.topLevelMember("usage", in: body).flatMap(Usage.init(json:))
    }
}
