import TriageSchema

/// A streamed answer put back together chunk by chunk, so a stream fills its group's cache as a
/// whole answer does (and is replayed later, whole or streamed).
struct StreamedAnswer {
    private struct Call {
        var id = ""
        var type = "function"
        var name = ""
        var arguments = ""
    }

    private struct Choice {
        var content: String?
        var refusal: String?
        var calls: [Int: Call] = [:]
        var finishReason: FinishReason?
    }

    private var first: ChatCompletionChunk?
    private var choices: [Int: Choice] = [:]
    private var usage: Usage?

    mutating func add(_ chunk: ChatCompletionChunk) {
        if first == nil { first = chunk }
        if let u = chunk.usage { usage = u }
        for part in chunk.choices {
            var choice = choices[part.index] ?? Choice()
            let delta = part.delta
            if let text = delta.content { choice.content = (choice.content ?? "") + text }
            if let text = delta.refusal { choice.refusal = (choice.refusal ?? "") + text }
            for fragment in delta.toolCalls ?? [] {
                var call = choice.calls[fragment.index] ?? Call()
                if let id = fragment.id { call.id = id }
                if let type = fragment.type { call.type = type }
                if let name = fragment.name { call.name += name }
                if let arguments = fragment.arguments { call.arguments += arguments }
                choice.calls[fragment.index] = call
            }
            if let reason = part.finishReason { choice.finishReason = reason }
            choices[part.index] = choice
        }
    }

    /// The answer as one `chat.completion`; nil before any chunk.
    var completion: ChatCompletion? {
        guard let first else { return nil }
        let assembled = choices.keys.sorted().map { index -> ChatCompletion.Choice in
            let c = choices[index]!
            let calls = c.calls.keys.sorted().map { i in
                let call = c.calls[i]!
                return ToolCall(id: call.id, name: call.name, arguments: call.arguments, type: call.type)
            }
            return ChatCompletion.Choice(index: index, message: .init(content: c.content, toolCalls: calls, refusal: c.refusal),
                                         finishReason: c.finishReason)
        }
        return ChatCompletion(id: first.id, created: first.created, model: first.model, choices: assembled, usage: usage,
                              systemFingerprint: first.systemFingerprint)
    }
}
