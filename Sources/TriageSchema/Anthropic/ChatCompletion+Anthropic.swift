extension ChatCompletion {
    /// The OpenAI completion for an Anthropic Messages response body.
    ///
    /// Text blocks are joined; `tool_use` blocks become `tool_calls` whose `arguments` is the
    /// JSON-encoded `input`; thinking blocks are left out. `model` overrides the reported model
    /// (the gateway may answer with the client's logical name); `created` is Unix seconds.
    public init(anthropic bytes: some Collection<UInt8>, model: String? = nil, created: Int) throws(AnthropicError) {
        guard let json = try? JSONValue(parsing: bytes) else { throw .malformed("a response that is not JSON") }
        try self.init(anthropic: json, model: model, created: created)
    }

    /// The OpenAI completion for a parsed Anthropic Messages response.
    public init(anthropic json: JSONValue, model: String? = nil, created: Int) throws(AnthropicError) {
        if let error = AnthropicError(json: json) { throw error }
        guard json["type"]?.stringValue == "message", let blocks = json["content"]?.arrayValue else {
            throw .malformed("a response that is not a message")
        }
        var text = ""
        var calls: [ToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text":
                text += block["text"]?.stringValue ?? ""
            case "tool_use":
                calls.append(ToolCall(
                    id: block["id"]?.stringValue ?? "",
                    name: block["name"]?.stringValue ?? "",
                    arguments: (block["input"] ?? [:]).jsonString))
            default:
                continue  // thinking, redacted_thinking and server-tool blocks have no OpenAI form
            }
        }
        let reason = json["stop_reason"]?.stringValue.map(FinishReason.init(anthropicStopReason:)) ?? .stop
        let message = Message(content: text.isEmpty && !calls.isEmpty ? nil : text, toolCalls: calls)
        self.init(
            id: json["id"]?.stringValue ?? "",
            created: created,
            model: model ?? json["model"]?.stringValue ?? "",
            choices: [Choice(index: 0, message: message, finishReason: reason)],
            usage: json["usage"]?.objectValue.map(Usage.init(anthropic:)))
    }
}
