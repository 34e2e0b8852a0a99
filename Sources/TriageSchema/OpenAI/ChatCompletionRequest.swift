/// A `POST /v1/chat/completions` body: the whole JSON object as received, plus typed and
/// validated views of the fields the gateway acts on.
///
/// Unknown fields stay in `body` and reach OpenAI-compatible upstreams through `upstreamBody`.
public struct ChatCompletionRequest: Sendable {
    /// The request exactly as parsed, key order kept (plus an output cap the gateway set).
    public private(set) var body: JSONObject
    /// The requested (logical) model name.
    public let model: String
    /// The conversation, at least one message.
    public let messages: [ChatMessage]
    /// Whether the client asked for server-sent events.
    public let stream: Bool
    /// Whether the client asked for a final usage chunk: `stream` and `stream_options.include_usage`.
    public let includeUsage: Bool
    /// `max_tokens`, the older name for the output cap.
    public private(set) var maxTokens: Int?
    /// `max_completion_tokens`, the newer name; wins over `max_tokens` when both are given.
    public let maxCompletionTokens: Int?
    /// Sampling temperature, 0–2.
    public let temperature: Double?
    /// Nucleus sampling mass, 0–1.
    public let topP: Double?
    /// Stop sequences (a single string arrives as one element); empty when none.
    public let stop: [String]
    /// Number of choices to generate.
    public let n: Int?
    /// The end-user id the client passed.
    public let user: String?
    /// Tools offered to the model; empty when none.
    public let tools: [ToolDefinition]
    /// How the model may use the tools.
    public let toolChoice: ToolChoice?
    /// Whether the model may call several tools at once.
    public let parallelToolCalls: Bool?

    /// Gateway-only: model groups to fall back to, in order, instead of the group's own list
    /// (LiteLLM's per-request `fallbacks`); nil when not given. Never sent upstream.
    public let fallbacks: [String]?
    /// Gateway-only: no fallback to other groups for this request. Never sent upstream.
    public let disableFallbacks: Bool

    /// Body members the gateway consumes and an upstream must not see.
    public static let gatewayOnlyFields = ["fallbacks", "disable_fallbacks", "triage", "cache"]
    /// Gateway-only: per-request settings for a routed model (`triage`); nil when not given.
    public let routing: RoutingOverride?
    /// Gateway-only: how this request uses its group's response cache (`cache`); the
    /// `cache-control` header adds to it. Never sent upstream.
    public var cache: CacheDirective

    /// The output caps accepted. No model writes 2³¹ tokens; the bound keeps the gateway's
    /// token arithmetic (prompt + cap, cap × `n`, rate-limit windows) far from overflowing,
    /// which a cap near `Int.max` once did, trapping the process.
    public static let outputCapRange = 1...Int(Int32.max)

    /// The output cap the client set under either name, nil when unbounded.
    public var maxOutputTokens: Int? { maxCompletionTokens ?? maxTokens }

    /// The same request with `max_tokens` set to `tokens`, when it has no cap of its own (a
    /// budget reserved for at most that many output tokens).
    public func cappingOutput(at tokens: Int) -> ChatCompletionRequest {
        guard maxOutputTokens == nil else { return self }
        var capped = self
        capped.maxTokens = tokens
        capped.body["max_tokens"] = .integer(Int64(tokens))
        return capped
    }
}

extension ChatCompletionRequest: JSONRequestBody {
    /// Validates an already-parsed body.
    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        body = r.object
        model = try r.requiredString("model")
        guard !model.isEmpty else { throw .invalidValue("model", "must not be empty") }

        guard let rawMessages = try r.array("messages") else { throw .missing("messages") }
        guard !rawMessages.isEmpty else { throw .emptyArray("messages") }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(rawMessages.count)
        for (k, m) in rawMessages.enumerated() {
            messages.append(try ChatMessage(json: m, path: "messages[\(k)]"))
        }
        self.messages = messages

        stream = try r.bool("stream") ?? false
        // `stream_options` without `stream` is an error at OpenAI; accepting it costs nothing
        // because `upstreamBody` drops it from non-streaming requests.
        let wantsUsage = try r.object("stream_options")?.bool("include_usage") ?? false
        includeUsage = stream && wantsUsage
        maxTokens = try r.int("max_tokens", in: Self.outputCapRange)
        maxCompletionTokens = try r.int("max_completion_tokens", in: Self.outputCapRange)
        temperature = try r.double("temperature", in: 0...2)
        topP = try r.double("top_p", in: 0...1)
        _ = try r.double("presence_penalty", in: -2...2)
        _ = try r.double("frequency_penalty", in: -2...2)
        stop = try Self.stopSequences(r)
        n = try r.int("n", in: 1...128)
        user = try r.string("user")
        tools = try Self.tools(r)
        toolChoice = try r.value("tool_choice").map { v throws(RequestValidationError) in
            try ToolChoice(json: v, path: "tool_choice")
        }
        parallelToolCalls = try r.bool("parallel_tool_calls")
        fallbacks = try r.array("fallbacks").map { items throws(RequestValidationError) in
            var names: [String] = []
            for (k, item) in items.enumerated() {
                guard case .string(let name) = item, !name.isEmpty else {
                    throw .invalidType("fallbacks[\(k)]", expected: "a model name", got: item)
                }
                names.append(name)
            }
            return names
        }
        disableFallbacks = try r.bool("disable_fallbacks") ?? false
        routing = try r.object("triage").map { o throws(RequestValidationError) in try RoutingOverride(o) }
        cache = try r.object("cache").map { o throws(RequestValidationError) in try CacheDirective(o) } ?? CacheDirective()
    }

    private static func stopSequences(_ r: FieldReader) throws(RequestValidationError) -> [String] {
        guard let v = r.value("stop") else { return [] }
        switch v {
        case .string(let s): return [s]
        case .array(let items):
            var out: [String] = []
            for (k, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw .invalidType("stop[\(k)]", expected: "a string", got: item)
                }
                out.append(s)
            }
            return out
        default:
            throw .invalidType("stop", expected: "a string or an array of strings", got: v)
        }
    }

    private static func tools(_ r: FieldReader) throws(RequestValidationError) -> [ToolDefinition] {
        guard let items = try r.array("tools") else { return [] }
        var out: [ToolDefinition] = []
        for (k, item) in items.enumerated() {
            out.append(try ToolDefinition(json: item, path: "tools[\(k)]"))
        }
        return out
    }
}
