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

    /// The largest count kept: upstream numbers are untrusted, and a count near `Int.max` would
    /// overflow the sums that budgets and rate limits make of them (a trap, the process gone).
    public static let maximumCount = Int(Int32.max)

    /// `count` within 0...`maximumCount`.
    public static func bounded(_ count: Int) -> Int { min(max(count, 0), maximumCount) }

    /// Counts with `total` defaulting to prompt + completion; each is bounded to
    /// 0...`maximumCount`.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil,
        cachedPromptTokens: Int? = nil, reasoningTokens: Int? = nil
    ) {
        self.promptTokens = Self.bounded(promptTokens)
        self.completionTokens = Self.bounded(completionTokens)
        self.totalTokens = Self.bounded(totalTokens ?? self.promptTokens + self.completionTokens)
        self.cachedPromptTokens = cachedPromptTokens.map(Self.bounded)
        self.reasoningTokens = reasoningTokens.map(Self.bounded)
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
        let prompt = try c.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0
        let completion = try c.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0
        self.init(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: try c.decodeIfPresent(Int.self, forKey: .totalTokens),
            cachedPromptTokens: try? c.nestedContainer(keyedBy: DetailKeys.self, forKey: .promptDetails)
                .decodeIfPresent(Int.self, forKey: .cachedTokens),
            reasoningTokens: try? c.nestedContainer(keyedBy: DetailKeys.self, forKey: .completionDetails)
                .decodeIfPresent(Int.self, forKey: .reasoningTokens))
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
    /// Reads a `usage` object leniently (missing counts are 0); nil for anything not an object.
    public init?(json: JSONValue) {
        guard case .object(let o) = json else { return nil }
        let prompt = o["prompt_tokens"]?.intValue ?? 0
        let completion = o["completion_tokens"]?.intValue ?? 0
        self.init(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: o["total_tokens"]?.intValue,
            cachedPromptTokens: o["prompt_tokens_details"]?["cached_tokens"]?.intValue,
            reasoningTokens: o["completion_tokens_details"]?["reasoning_tokens"]?.intValue)
    }

    /// The `usage` of an upstream completion body or stream chunk, parsing only that member
    /// and stepping over the rest (choices can be long); nil when absent or `null`.
    public static func scan(_ body: some Collection<UInt8>) -> Usage? {
        JSONValue.topLevelMember("usage", in: body).flatMap(Usage.init(json:))
    }
}
