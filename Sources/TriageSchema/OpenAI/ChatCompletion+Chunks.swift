extension ChatCompletion {
    /// The completion as the chunks of a stream: per choice one chunk with the role and the
    /// whole message, then its finish chunk; with `includeUsage`, the usage chunk last.
    ///
    /// For answers that were finished before the client saw a byte (a cascade verifies an
    /// answer before streaming it), so the stream arrives in one burst.
    public func chunks(includeUsage: Bool) -> [ChatCompletionChunk] {
        var out: [ChatCompletionChunk] = []
        for choice in choices {
            let m = choice.message
            let calls = m.toolCalls.enumerated().map { i, call in
                ChatCompletionChunk.ToolCallDelta(index: i, id: call.id, type: "function", name: call.function.name, arguments: call.function.arguments)
            }
            let delta = ChatCompletionChunk.Delta(
                role: "assistant", content: m.content ?? (calls.isEmpty && m.refusal == nil ? "" : nil),
                refusal: m.refusal, toolCalls: calls.isEmpty ? nil : calls)
            out.append(ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: choice.index, delta: delta)],
                                           systemFingerprint: systemFingerprint))
            out.append(ChatCompletionChunk(id: id, created: created, model: model,
                                           choices: [.init(index: choice.index, delta: .init(), finishReason: choice.finishReason ?? .stop)],
                                           systemFingerprint: systemFingerprint))
        }
        if includeUsage, let usage {
            out.append(.usageChunk(id: id, created: created, model: model, usage: usage, systemFingerprint: systemFingerprint))
        }
        return out
    }

    /// The first choice's text (its refusal when it has no content); "" when there is none.
    public var answerText: String {
        guard let m = choices.first?.message else { return "" }
        return m.content ?? m.refusal ?? ""
    }
}
