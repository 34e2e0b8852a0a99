extension CascadeReplay {
    /// A replay of a complete outcome table (every row has every model's score and cost) with
    /// each answer scored by `verifier`; a missing answer is scored as the empty string.
    public init(table: OutcomeTable, verifier: any AnswerVerifier) throws(CascadeError) {
        let outcomes: ModelOutcomes
        do { outcomes = try ModelOutcomes(table: table) } catch { throw .evaluation(error) }
        var scores = [[Double]](repeating: [], count: table.rows.count)
        Self.score(table: table, rows: Array(table.rows.indices), verifier: verifier, into: &scores)
        try self.init(outcomes: outcomes, scores: scores)
    }

    /// Writes `verifier`'s score of every model's answer on `rows` into `scores[row]`.
    static func score(table: OutcomeTable, rows: [Int], verifier: any AnswerVerifier, into scores: inout [[Double]]) {
        for i in rows {
            let row = table.rows[i]
            scores[i] = table.models.indices.map { m in
                verifier.score(prompt: row.prompt, answer: row.responses?[m] ?? "", model: table.models[m])
            }
        }
    }

    /// Writes `router`'s predicted quality of every table model on `rows` into `predicted[row]`.
    static func predict(table: OutcomeTable, rows: [Int], router: RouterModel, into predicted: inout [[Double]]) throws(CascadeError) {
        var heads: [Int] = []
        for name in table.models {
            guard let h = router.heads.firstIndex(of: name) else { throw .missingHead(name, heads: router.heads) }
            heads.append(h)
        }
        let featurizer = PromptFeaturizer(config: router.features)
        for i in rows {
            let p = router.scores(logits: router.network.logits(featurizer.featurize(table.rows[i].prompt)))
            predicted[i] = heads.map { Double(p[$0]) }
        }
    }
}
