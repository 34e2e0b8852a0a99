/// Turns Anthropic stream events into OpenAI chunks, one event at a time.
///
/// The first chunk carries `role: "assistant"`; text deltas become `content`; each `tool_use`
/// block becomes a tool call (first `id`, `type` and `name`, then argument fragments from
/// `input_json_delta`); `message_delta` yields the chunk with `finish_reason`; `message_stop`
/// yields the usage chunk when `includeUsage` is set. `ping` and unknown events yield nothing;
/// an `error` event throws. The caller writes `data: [DONE]` after `isComplete`.
public struct AnthropicStreamTranslator: Sendable {
    /// Unix seconds stamped on every chunk.
    public let created: Int
    /// Whether to emit the final `choices: []` usage chunk.
    public let includeUsage: Bool
    /// The chunk id: the override given, else Anthropic's message id.
    public private(set) var id: String
    /// The model in chunks: the override given, else Anthropic's model.
    public private(set) var model: String
    /// Why the message stopped, once `message_delta` said.
    public private(set) var finishReason: FinishReason?
    /// Whether `message_stop` arrived.
    public private(set) var isComplete = false

    private let fixedID: Bool
    private let fixedModel: Bool
    private var usageSoFar = JSONObject()
    private var toolCallIndex: [Int: Int] = [:]
    private var sentFinish = false

    /// A translator; `id` and `model` override what Anthropic reports.
    public init(created: Int, includeUsage: Bool, id: String? = nil, model: String? = nil) {
        self.created = created
        self.includeUsage = includeUsage
        self.id = id ?? ""
        self.model = model ?? ""
        fixedID = id != nil
        fixedModel = model != nil
    }

    /// Usage so far (cumulative; final after `message_delta`), for billing even if the client did not ask for it.
    public var usage: Usage { Usage(anthropic: usageSoFar) }

    /// The chunks for one SSE event.
    public mutating func translate(_ event: SSEEvent) throws(AnthropicError) -> [ChatCompletionChunk] {
        guard let json = try? JSONValue(parsing: event.data) else {
            throw .malformed("a stream event that is not JSON")
        }
        return try translate(json, type: json["type"]?.stringValue ?? event.event ?? "")
    }

    /// Throws if the stream ended before `message_stop`, i.e. the answer is truncated.
    public func finish() throws(AnthropicError) {
        guard isComplete else { throw .malformed("a stream that ended before message_stop") }
    }

    private mutating func translate(_ json: JSONValue, type: String) throws(AnthropicError) -> [ChatCompletionChunk] {
        switch type {
        case "message_start":
            let message = json["message"]
            if !fixedID { id = message?["id"]?.stringValue ?? id }
            if !fixedModel { model = message?["model"]?.stringValue ?? model }
            mergeUsage(message?["usage"])
            return [chunk(ChatCompletionChunk.Delta(role: "assistant", content: ""))]
        case "content_block_start":
            return contentBlockStart(json)
        case "content_block_delta":
            return contentBlockDelta(json)
        case "message_delta":
            mergeUsage(json["usage"])
            guard let reason = json["delta"]?["stop_reason"]?.stringValue else { return [] }
            finishReason = FinishReason(anthropicStopReason: reason)
            return finishChunk()
        case "message_stop":
            isComplete = true
            if finishReason == nil { finishReason = .stop }
            var out = finishChunk()
            if includeUsage {
                out.append(.usageChunk(id: id, created: created, model: model, usage: usage))
            }
            return out
        case "error":
            throw AnthropicError(json: json) ?? .malformed("an error event without an error")
        default:
            return []  // ping, content_block_stop, and event types added later
        }
    }

    private mutating func contentBlockStart(_ json: JSONValue) -> [ChatCompletionChunk] {
        let block = json["content_block"]
        switch block?["type"]?.stringValue {
        case "text":
            guard let text = block?["text"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(.init(content: text))]
        case "tool_use":
            let index = toolCallIndex.count
            toolCallIndex[json["index"]?.intValue ?? -1] = index
            let call = ChatCompletionChunk.ToolCallDelta(
                index: index, id: block?["id"]?.stringValue ?? "", type: "function",
                name: block?["name"]?.stringValue ?? "", arguments: "")
            return [chunk(.init(toolCalls: [call]))]
        default:
            return []
        }
    }

    private func contentBlockDelta(_ json: JSONValue) -> [ChatCompletionChunk] {
        let delta = json["delta"]
        switch delta?["type"]?.stringValue {
        case "text_delta":
            guard let text = delta?["text"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(.init(content: text))]
        case "input_json_delta":
            guard let index = toolCallIndex[json["index"]?.intValue ?? -1],
                  let fragment = delta?["partial_json"]?.stringValue, !fragment.isEmpty
            else { return [] }
            return [chunk(.init(toolCalls: [.init(index: index, arguments: fragment)]))]
        default:
            return []  // thinking, signature and citation deltas have no OpenAI form
        }
    }

    private mutating func finishChunk() -> [ChatCompletionChunk] {
        guard !sentFinish, let finishReason else { return [] }
        sentFinish = true
        return [chunk(.init(), finishReason: finishReason)]
    }

    /// Anthropic's usage counts are cumulative, so later values replace earlier ones key by key.
    private mutating func mergeUsage(_ value: JSONValue?) {
        guard let object = value?.objectValue else { return }
        for (key, count) in object where Usage.count(count) != nil { usageSoFar[key] = count }
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: FinishReason? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: id, created: created, model: model,
            choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}
