/// Turns an OpenAI chat request into an Anthropic Messages request body.
///
/// - `system` and `developer` messages, wherever they appear, join (by blank lines) into the
///   top-level `system`; Anthropic has no mid-conversation instructions.
/// - `tool` messages become `tool_result` blocks of a user message; consecutive messages of the
///   same role merge, since Anthropic wants user and assistant to alternate.
/// - Assistant `tool_calls` become `tool_use` blocks, `input` parsed from the arguments string.
/// - `temperature` is clamped to Anthropic's 0–1 (OpenAI allows 0–2); clamping keeps 0–1
///   requests exact, where rescaling would change every one of them.
/// - `max_tokens` is required by Anthropic: the client's cap, else `defaultMaxTokens`.
/// - Fields Anthropic has no counterpart for (`presence_penalty`, `logit_bias`, `seed`,
///   `response_format`, ...) are dropped; `n` > 1 is refused since Anthropic returns one choice.
public struct AnthropicRequestTranslator: Sendable {
    /// `max_tokens` for requests that set no output cap.
    public var defaultMaxTokens: Int

    /// A translator with this default output cap.
    public init(defaultMaxTokens: Int = 4096) {
        self.defaultMaxTokens = defaultMaxTokens
    }

    /// The Messages body for `request` sent to Anthropic model `model`; `stream` nil keeps the client's choice.
    public func body(for request: ChatCompletionRequest, model: String, stream: Bool? = nil) throws(RequestValidationError) -> JSONObject {
        if let n = request.n, n > 1 {
            throw .invalidValue("n", "Anthropic models return one choice, so n must be 1")
        }
        let conversation = try AnthropicConversation(request.messages)
        var out = JSONObject()
        out["model"] = .string(model)
        out["max_tokens"] = .integer(Int64(request.maxOutputTokens ?? defaultMaxTokens))
        if !conversation.system.isEmpty { out["system"] = .string(conversation.system) }
        out["messages"] = .array(conversation.messages)
        if let t = request.temperature { out["temperature"] = .number(min(t, 1)) }
        if let p = request.topP { out["top_p"] = .number(p) }
        if !request.stop.isEmpty { out["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if !request.tools.isEmpty {
            out["tools"] = .array(try Self.tools(request.tools))
            out["tool_choice"] = try Self.toolChoice(request.toolChoice, parallel: request.parallelToolCalls)
        }
        if let user = request.user { out["metadata"] = ["user_id": .string(user)] }
        if stream ?? request.stream { out["stream"] = true }
        return out
    }

    /// `body(for:model:stream:)` as compact JSON bytes.
    public func bodyBytes(for request: ChatCompletionRequest, model: String, stream: Bool? = nil) throws(RequestValidationError) -> [UInt8] {
        JSONValue.object(try body(for: request, model: model, stream: stream)).serialized()
    }

    private static func tools(_ tools: [ToolDefinition]) throws(RequestValidationError) -> [JSONValue] {
        var out: [JSONValue] = []
        for (k, tool) in tools.enumerated() {
            guard let f = tool.function else {
                throw .invalidValue("tools[\(k)].type", "only 'function' tools can be sent to Anthropic models")
            }
            var t: JSONObject = ["name": .string(f.name)]
            if let d = f.description { t["description"] = .string(d) }
            // Anthropic requires a schema; a function without parameters takes an empty object.
            t["input_schema"] = f.parameters ?? ["type": "object", "properties": [:]]
            out.append(.object(t))
        }
        return out
    }

    /// Anthropic's `tool_choice`, nil when the default (auto, parallel allowed) applies.
    private static func toolChoice(_ choice: ToolChoice?, parallel: Bool?) throws(RequestValidationError) -> JSONValue? {
        var out: JSONObject
        switch choice {
        case nil:
            guard parallel == false else { return nil }
            out = ["type": "auto"]
        case .auto?: out = ["type": "auto"]
        case .disabled?: return ["type": "none"]
        case .required?: out = ["type": "any"]
        case .function(let name)?: out = ["type": "tool", "name": .string(name)]
        case .other?:
            throw .invalidValue("tool_choice", "this form of tool_choice is not supported by Anthropic models")
        }
        if parallel == false { out["disable_parallel_tool_use"] = true }
        return .object(out)
    }
}
