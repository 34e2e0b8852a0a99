import ArgumentParser
import TriageCore

/// The options of `eval --cascade`: which chain, which verifier, and how finely to tune.
struct CascadeEvalOptions: ParsableArguments {
    enum ChainSearch: String, ExpressibleByArgument, CaseIterable { case hull, greedy }

    @Flag(help: "Evaluate cascades: each model, router only, cascade only, router + cascade (needs costs and answers).")
    var cascade = false
    @Option(help: "With --cascade: the chain, cheap → frontier, as comma-separated model names (default: chosen per fold from the cost-quality hull).")
    var tiers: String?
    @Option(help: "With --cascade: how each fold picks chains without --tiers: hull (subsets of the cost-quality hull) or greedy (grown from the best model by training AIQ).")
    var chain: ChainSearch = .hull
    @Option(help: "With --cascade: the most tiers a chosen chain may have.") var maxTiers = 3
    @Option(help: "With --cascade: 'heuristic' or a trained verifier's .triage file (default with --cv: a verifier trained per fold).")
    var verifier: String?
    @Option(help: "With --cascade --cv: inner folds that score the training folds for tuning (0: tune on in-sample scores).")
    var calibrationFolds = 4
    @Option(help: "With --cascade: cost budgets each policy is tuned to (the points of its frontier).") var budgets = 40
    @Option(help: "With --cascade: verifier-score quantiles tried per threshold (more while the grid fits --max-configurations).")
    var thresholdLevels = 41
    @Option(help: "With --cascade: the most threshold combinations tried exhaustively per chain and λ; coordinate descent beyond.")
    var maxConfigurations = 2048
    @Option(help: "With --cascade: verifier training epochs per fold.") var verifierEpochs = VerifierTrainingOptions().epochs

    func validate() throws {
        if !(2...6).contains(maxTiers) { throw ValidationError("--max-tiers must be 2 to 6, got \(maxTiers)") }
        if calibrationFolds == 1 || calibrationFolds < 0 {
            throw ValidationError("--calibration-folds must be 0 (tune in-sample) or at least 2, got \(calibrationFolds)")
        }
        if budgets < 2 { throw ValidationError("--budgets must be at least 2, got \(budgets)") }
        if maxConfigurations < 1 { throw ValidationError("--max-configurations must be positive, got \(maxConfigurations)") }
        if thresholdLevels < 2 { throw ValidationError("--threshold-levels must be at least 2, got \(thresholdLevels)") }
        if verifierEpochs < 1 { throw ValidationError("--verifier-epochs must be at least 1, got \(verifierEpochs)") }
    }

    /// The evaluation options, with the chain resolved against the data's models.
    func options(models: [String], seed: UInt64) throws -> CascadeEvaluationOptions {
        let search: CascadeTierChain = switch self.chain {
        case .hull: .hull(maxTiers: maxTiers)
        case .greedy: .greedy(maxTiers: maxTiers)
        }
        let chain = try tiers.map { CascadeTierChain.explicit(try CascadeData.tiers($0, models: models)) } ?? search
        return CascadeEvaluationOptions(
            budgets: budgets, chain: chain, grid: CascadeGrid(levels: thresholdLevels, maxConfigurations: maxConfigurations), calibrationFolds: calibrationFolds, seed: seed)
    }
}
