import TriageSchema

/// Holds a stream's chunks back until the answer text they complete has been checked, so the
/// chunk that completes a match is never sent.
///
/// The text so far is rescanned (a pattern may span chunks), so checking every chunk would cost
/// time quadratic in the answer's length; checking once per `checkEvery` bytes of new text cuts
/// that by the same factor, and holds the client back by only a few tokens.
struct GuardedStream {
    let chain: GuardrailChain
    /// Bytes of new answer text that trigger a check.
    static let checkEvery = 64

    private var answered: [Int: String] = [:]
    private var pending: [ChatCompletionChunk] = []
    private var unchecked = 0

    init(_ chain: GuardrailChain) {
        self.chain = chain
    }

    /// Takes the next chunk; returns the chunks cleared to send (none while text waits for a
    /// check), or throws the rule the text so far breaks. A chunk that finishes a choice, or
    /// carries no choices (usage), is a checkpoint.
    mutating func admit(_ chunk: ChatCompletionChunk) throws(GuardrailBreach) -> [ChatCompletionChunk] {
        guard chain.checksResponses else { return [chunk] }
        pending.append(chunk)
        for choice in chunk.choices {
            guard let content = choice.delta.content, !content.isEmpty else { continue }
            answered[choice.index, default: ""] += content
            unchecked += content.utf8.count
        }
        let checkpoint = chunk.choices.isEmpty || chunk.choices.contains { $0.finishReason != nil }
        guard checkpoint || unchecked >= Self.checkEvery else { return [] }
        return try drain()
    }

    /// Checks the text so far and releases every held chunk; for the stream's end.
    mutating func drain() throws(GuardrailBreach) -> [ChatCompletionChunk] {
        if unchecked > 0 {
            for text in answered.values {
                if let rule = chain.check(responseText: text) { throw GuardrailBreach(rule: rule) }
            }
            unchecked = 0
        }
        defer { pending = [] }
        return pending
    }
}
