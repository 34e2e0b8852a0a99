import ArgumentParser
import Foundation
import TriageCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Cost-quality evaluation of a router: curve, PGR, APGR, CPT, baselines, AIQ.",
        discussion: """
        Scores come from --model, or from k-fold cross-validation (--cv K, split by prompt) that \
        trains one router per fold with the recipe options. With per-call costs in the data, the \
        router's λ sweep over every model it has a head for gives RouterBench's AIQ.

        With --cascade (RouterBench-shaped data: every model's score, cost and answer), compares \
        each model alone, router only, cascade only and router + cascade: AIQ, best quality and the \
        cost at which each first reaches the best model's quality. Under --cv every fold trains the \
        router and the verifier and tunes chains, λ and thresholds on its training folds alone.
        """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var recipeOptions: RecipeOptions
    @Option(help: "A trained .triage router to evaluate.") var model: String?
    @Option(help: "Cross-validate with K folds instead of loading a model.") var cv: Int?
    @Option(help: "With --cv: quality (per-model heads) or pairwise (Bradley–Terry on derived pairs).")
    var objective: TrainCommand.Objective = .quality
    @Option(help: "The strong model's name.") var strong: String?
    @Option(help: "The weak model's name.") var weak: String?
    @Option(help: "The router head scoring the strong side, when the data's strong model is not a head (default: --strong).")
    var routerStrong: String?
    @Option(help: "The router head scoring the weak side (default: --weak).")
    var routerWeak: String?
    @Flag(help: "Print JSON (keys apgr, cpt50, cpt80, aiq, curve, baselines; with --cascade: all, tasks, chains).") var json = false
    @OptionGroup var cascadeOptions: CascadeEvalOptions

    func validate() throws {
        guard (model == nil) != (cv == nil) else { throw ValidationError("give either --model MODEL or --cv K") }
        if let cv, cv < 2 { throw ValidationError("--cv needs at least 2 folds, got \(cv)") }
        if cascadeOptions.cascade {
            if model != nil, cascadeOptions.verifier == nil {
                throw ValidationError("--cascade with --model needs --verifier PATH|heuristic")
            }
            if source.data.count != 1 { throw ValidationError("--cascade reads one --data source") }
            return
        }
        guard strong != nil, weak != nil else {
            throw ValidationError("give --strong and --weak (the pair to evaluate), or --cascade for the N-model cascade evaluation")
        }
    }

    func run() throws {
        if cascadeOptions.cascade { return try runCascade() }
        let (strong, weak) = (strong!, weak!)
        var table = try source.loadOutcomes()
        guard let s = table.modelIndex(strong) else { throw CommandFailure("the data has no model '\(strong)'; models: \(table.models.joined(separator: ", "))") }
        guard let w = table.modelIndex(weak) else { throw CommandFailure("the data has no model '\(weak)'; models: \(table.models.joined(separator: ", "))") }
        let before = table.rows.count
        table.rows.removeAll { $0.scores[s] == nil || $0.scores[w] == nil }
        if table.rows.count < before { StandardError.line("dropped \(before - table.rows.count) rows without both models' outcomes") }
        guard table.rows.count >= 10 else { throw CommandFailure("only \(table.rows.count) rows have both models' outcomes; need at least 10") }

        let scored = try scoreRows(table)
        let outcomes = try PairOutcomes(table: table, weak: weak, strong: strong)
        let costQuality = try? RouterCostQuality.compute(table: table, scored: scored)
        let report = try EvaluationReport(scores: scored.strongWin, outcomes: outcomes, costQuality: costQuality)
        if json {
            try Invocation.writeJSON(report)
        } else {
            print(EvalTable(report: report, rows: table.rows.count, title: scored.title).render())
        }
    }

    /// Each row's strong-win score and per-model predicted quality, held out under --cv.
    private func scoreRows(_ table: OutcomeTable) throws -> ScoredRows {
        var strongWin = [Double](repeating: 0, count: table.rows.count)
        var predicted = [[Double]](repeating: [], count: table.rows.count)
        var heads: [String] = []
        func score(_ router: RouterModel, rows: [Int]) throws {
            let pair = try RouterPair(router: router, strong: routerStrong ?? strong!, weak: routerWeak ?? weak!)
            heads = router.heads
            let featurizer = PromptFeaturizer(config: router.features)
            for i in rows {
                let logits = router.network.logits(featurizer.featurize(table.rows[i].prompt))
                strongWin[i] = Double(router.strongWin(logits: logits, strong: pair.strong, weak: pair.weak))
                predicted[i] = router.scores(logits: logits).map(Double.init)
            }
        }
        if let model {
            try score(try ModelFile.load(path: model), rows: Array(table.rows.indices))
            return ScoredRows(strongWin: strongWin, predicted: predicted, heads: heads, title: "router \(model)")
        }
        let k = cv!
        let kind: RouterModel.Kind = objective == .pairwise ? .pairwise : .quality
        StandardError.line("\(k)-fold cross-validation (\(kind.rawValue)) on \(table.rows.count) prompts")
        let printer = ProgressPrinter(label: "cv")
        let folds = CrossValidation.run(table: table, recipe: recipeOptions.recipe, kind: kind, k: k) { fold, p in
            if case .epoch = p { StandardError.write("fold \(fold + 1)/\(k) ") }
            printer(p)
        }
        for fold in folds { try score(fold.model, rows: fold.heldOut) }
        return ScoredRows(strongWin: strongWin, predicted: predicted, heads: heads, title: "router (\(kind.rawValue), \(k)-fold CV)")
    }
}

/// Per-row router output for one evaluation.
struct ScoredRows {
    var strongWin: [Double]
    var predicted: [[Double]]
    var heads: [String]
    var title: String
}
