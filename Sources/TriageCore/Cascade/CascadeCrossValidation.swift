/// Cascades evaluated honestly: k folds split by prompt; on each, the router and the verifier
/// are trained on the training folds, the chains, λ and thresholds are tuned on the training
/// folds (scored by inner-fold models, so tuning sees held-out-like scores), and only then are
/// the held-out rows replayed.
public enum CascadeCrossValidation {
    /// k-fold evaluation of every policy on a complete outcome table (every row has every
    /// model's score and cost, and the answers the verifier reads).
    public static func run(
        table: OutcomeTable, recipe: RouterRecipe, verifier: CascadeVerifierSource, k: Int,
        options: CascadeEvaluationOptions = CascadeEvaluationOptions(), progress: (String) -> Void = { _ in }
    ) throws(CascadeError) -> CascadeEvaluation {
        let outcomes: ModelOutcomes
        do { outcomes = try ModelOutcomes(table: table) } catch { throw .evaluation(error) }
        let prompts = table.rows.map(\.prompt)
        var evaluation = CascadeEvaluation(outcomes: outcomes, sources: table.rows.map(\.source), settings: options.budgets)
        for (f, test) in PromptGroups.folds(prompts: prompts, k: k, seed: options.seed).enumerated() {
            let held = Set(test)
            let train = table.rows.indices.filter { !held.contains($0) }
            var predicted = [[Double]](repeating: [], count: table.rows.count)
            var scores = [[Double]](repeating: [], count: table.rows.count)

            // Training rows scored by models that did not see them, when asked for.
            if options.calibrationFolds >= 2 {
                let inner = PromptGroups.folds(prompts: train.map { prompts[$0] }, k: options.calibrationFolds, seed: options.seed &+ 1)
                for (j, part) in inner.enumerated() {
                    progress("fold \(f + 1)/\(k): calibration models \(j + 1)/\(inner.count)")
                    let scored = part.map { train[$0] }
                    let skip = Set(scored)
                    try fit(table, rows: train.filter { !skip.contains($0) }, recipe: recipe, verifier: verifier,
                            score: scored, predicted: &predicted, scores: &scores)
                }
            }
            progress("fold \(f + 1)/\(k): models on \(train.count) training prompts")
            let tuneOnTrain = options.calibrationFolds < 2
            try fit(table, rows: train, recipe: recipe, verifier: verifier,
                    score: tuneOnTrain ? train + test : test, predicted: &predicted, scores: &scores)

            // Rows scored by no model yet (none, unless a fold is empty) get neutral values.
            for i in table.rows.indices where predicted[i].isEmpty {
                predicted[i] = Array(repeating: 0, count: table.models.count)
                scores[i] = Array(repeating: 0, count: table.models.count)
            }
            let replay = try CascadeReplay(outcomes: outcomes, scores: scores)
            progress("fold \(f + 1)/\(k): tuning chains, λ and thresholds on the training prompts")
            let policies = try CascadeFoldPolicies.select(replay: replay, predicted: predicted, train: train, options: options)
            let runs = try policies.apply(replay: replay, predicted: predicted, test: test)
            evaluation.record(runs, chains: policies.choices.mapValues(\.tiers))
        }
        return evaluation
    }

    /// Given models on every row: tunes each policy on the rows and replays the same rows, so
    /// every setting is a point of the in-sample sweep (RouterBench's protocol for a trained router).
    public static func evaluate(
        table: OutcomeTable, router: RouterModel, verifier: any AnswerVerifier, options: CascadeEvaluationOptions = CascadeEvaluationOptions()
    ) throws(CascadeError) -> CascadeEvaluation {
        let rows = Array(table.rows.indices)
        var predicted = [[Double]](repeating: [], count: table.rows.count)
        try CascadeReplay.predict(table: table, rows: rows, router: router, into: &predicted)
        let replay = try CascadeReplay(table: table, verifier: verifier)
        var evaluation = CascadeEvaluation(outcomes: replay.outcomes, sources: table.rows.map(\.source), settings: options.budgets)
        let policies = try CascadeFoldPolicies.select(replay: replay, predicted: predicted, train: rows, options: options)
        evaluation.record(try policies.apply(replay: replay, predicted: predicted, test: rows), chains: policies.choices.mapValues(\.tiers))
        return evaluation
    }

    /// Trains a router and a verifier on `rows` and scores the `score` rows with both.
    private static func fit(
        _ table: OutcomeTable, rows: [Int], recipe: RouterRecipe, verifier source: CascadeVerifierSource,
        score: [Int], predicted: inout [[Double]], scores: inout [[Double]]
    ) throws(CascadeError) {
        let sub = OutcomeTable(models: table.models, rows: rows.map { table.rows[$0] })
        let router = RouterTraining.trainQuality(table: sub, recipe: recipe).model
        try CascadeReplay.predict(table: table, rows: score, router: router, into: &predicted)
        let verifier = source.verifier(table: table, rows: rows)
        CascadeReplay.score(table: table, rows: score, verifier: verifier, into: &scores)
    }
}
