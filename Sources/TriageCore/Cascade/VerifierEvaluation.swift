/// How well a verifier ranks held-out answers, beside the heuristic verifier on the same
/// answers: ROC AUC of P(correct) against the real outcome, overall, per source and per model.
public struct VerifierEvaluation: Codable, Sendable, Equatable {
    /// One slice of the held-out answers.
    public struct Slice: Codable, Sendable, Equatable {
        public var name: String
        public var examples: Int
        /// Share of the slice's answers that were correct.
        public var correctShare: Double
        /// nil when the slice has only one class.
        public var auc: Double?
        public var heuristicAUC: Double?
    }

    public var overall: Slice
    public var sources: [Slice]
    public var models: [Slice]
    /// Mean of the per-model AUCs: how well the verifier ranks one model's answers, without the
    /// credit the overall figure gives for knowing which models are better.
    public var meanModelAUC: Double?
    public var meanModelHeuristicAUC: Double?

    /// Scores every answer of `rows` that has an outcome (see `VerifierExample.examples`).
    public static func evaluate(_ verifier: some AnswerVerifier, table: OutcomeTable, rows: [Int]) -> VerifierEvaluation {
        let heuristic = HeuristicVerifier()
        var all: [(source: String, example: VerifierExample, score: Float, heuristic: Float)] = []
        for r in rows {
            for e in VerifierExample.examples(from: table, rows: [r]) {
                all.append((table.rows[r].source, e,
                            Float(verifier.score(prompt: e.prompt, answer: e.answer, model: e.model)),
                            Float(heuristic.score(prompt: e.prompt, answer: e.answer))))
            }
        }
        func slice(_ name: String, _ part: [(source: String, example: VerifierExample, score: Float, heuristic: Float)]) -> Slice {
            let labels = part.map(\.example.correct)
            return Slice(
                name: name, examples: part.count,
                correctShare: part.isEmpty ? 0 : Double(labels.count { $0 }) / Double(part.count),
                auc: ROCAUC.compute(scores: part.map(\.score), labels: labels),
                heuristicAUC: ROCAUC.compute(scores: part.map(\.heuristic), labels: labels))
        }
        let sources = Array(Set(all.map(\.source))).sorted().map { s in slice(s, all.filter { $0.source == s }) }
        let models = Array(Set(all.map(\.example.model))).sorted().map { m in slice(m, all.filter { $0.example.model == m }) }
        func mean(_ values: [Double?]) -> Double? {
            let v = values.compactMap { $0 }
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        return VerifierEvaluation(
            overall: slice("all", all), sources: sources, models: models,
            meanModelAUC: mean(models.map(\.auc)), meanModelHeuristicAUC: mean(models.map(\.heuristicAUC)))
    }
}
