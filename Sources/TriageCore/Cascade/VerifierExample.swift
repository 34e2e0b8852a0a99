/// One answer to learn from: the prompt, the answer a model gave, which model, and whether it
/// was correct.
public struct VerifierExample: Sendable, Equatable {
    public var prompt: String
    public var answer: String
    /// The model that wrote the answer.
    public var model: String
    public var correct: Bool

    public init(prompt: String, answer: String, model: String, correct: Bool) {
        self.prompt = prompt
        self.answer = answer
        self.model = model
        self.correct = correct
    }
}

extension VerifierExample {
    /// Every (row, model) of `rows` (all rows when nil) with both a score and a response;
    /// correct = score >= 0.5.
    public static func examples(from table: OutcomeTable, rows: [Int]? = nil) -> [VerifierExample] {
        var out: [VerifierExample] = []
        for r in rows ?? Array(table.rows.indices) {
            let row = table.rows[r]
            guard let responses = row.responses else { continue }
            for (m, model) in table.models.enumerated() {
                guard let score = row.scores[m], let answer = responses[m] else { continue }
                out.append(VerifierExample(prompt: row.prompt, answer: answer, model: model, correct: score >= 0.5))
            }
        }
        return out
    }
}
