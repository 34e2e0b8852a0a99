import Foundation

/// What each policy does on one fold, chosen on the fold's training rows alone: the chain, and
/// per cost budget the setting (λ, thresholds) with the best training quality within it.
public struct CascadeFoldPolicies: Sendable {
    /// One policy's chain and its setting per budget.
    public struct Choice: Sendable, Equatable {
        public var tiers: [Int]
        /// Aligned with `budgets`; each candidate's point is its training point.
        public var settings: [CascadeCandidate]
    }

    /// Mean USD per prompt, increasing.
    public var budgets: [Double]
    public var choices: [CascadePolicy: Choice]

    /// Tunes every policy on `train` rows: the router's `predicted` quality (n×m) and the
    /// replay's verifier scores on those rows should be held-out scores, or the thresholds learn
    /// the models' in-sample overconfidence.
    public static func select(
        replay: CascadeReplay, predicted: [[Double]], train: [Int], options: CascadeEvaluationOptions
    ) throws(CascadeError) -> CascadeFoldPolicies {
        guard !train.isEmpty else { throw .evaluation(.empty) }
        let singles = singlePoints(replay.outcomes, rows: train)
        let lo = singles.map(\.cost).min()!, hi = singles.map(\.cost).max()!
        let top = max(hi * options.budgetCeiling, lo)
        // Log-spaced budgets resolve the cheap end, where quality climbs fastest; linear when a
        // model is free and the log scale has no bottom.
        let budgets = (0..<options.budgets).map { j in
            let x = Double(j) / Double(options.budgets - 1)
            return lo > 0 ? lo * Foundation.pow(top / lo, x) : top * x
        }
        func settings(_ sweep: CascadeSweep) -> [CascadeCandidate] {
            budgets.map { sweep.best(for: .maxCost($0)).candidate }
        }
        /// The training frontier's AIQ over [0, top], the measure the evaluation reports.
        func score(_ sweep: CascadeSweep) -> Double {
            guard let frontier = try? sweep.frontier() else { return 0 }
            return (try? CascadeSummary.aiq(frontier, maxCost: top).common) ?? 0
        }
        func bestChain(_ sweepOf: ([Int]) throws(CascadeError) -> CascadeSweep) throws(CascadeError) -> Choice {
            let tiers = try options.chain.choose(replay.outcomes, rows: train) { tiers throws(CascadeError) in score(try sweepOf(tiers)) }
            guard !tiers.isEmpty else { throw .noTiers }
            return Choice(tiers: tiers, settings: settings(try sweepOf(tiers)))
        }

        var choices: [CascadePolicy: Choice] = [:]
        let all = Array(replay.outcomes.models.indices)
        let router = try CascadeSweep.routed(replay, tiers: all, predicted: predicted, lambdas: options.lambdas, rows: train, escalate: false)
        choices[.routerOnly] = Choice(tiers: all, settings: settings(router))
        choices[.cascadeOnly] = try bestChain { tiers throws(CascadeError) in
            try CascadeSweep.thresholds(replay, tiers: tiers, rows: train, grid: options.grid)
        }
        choices[.routerCascade] = try bestChain { tiers throws(CascadeError) in
            try CascadeSweep.routed(replay, tiers: tiers, predicted: predicted, lambdas: options.lambdas, rows: train, grid: options.grid)
        }
        return CascadeFoldPolicies(budgets: budgets, choices: choices)
    }

    /// Every policy's settings replayed on `test` rows: one run per budget.
    public func apply(replay: CascadeReplay, predicted: [[Double]], test: [Int]) throws(CascadeError) -> [CascadePolicy: [CascadeRun]] {
        var out: [CascadePolicy: [CascadeRun]] = [:]
        for (policy, choice) in choices {
            var runs: [CascadeRun] = []
            for setting in choice.settings {
                let plan = try CascadePlan(tiers: choice.tiers, thresholds: setting.thresholds)
                let starts = try setting.lambda.map { lambda throws(CascadeError) in
                    try replay.startTiers(predicted: predicted, tiers: choice.tiers, lambda: lambda, rows: test)
                }
                runs.append(try replay.run(plan, rows: test, startTiers: starts))
            }
            out[policy] = runs
        }
        return out
    }

    /// Each model alone on `rows`.
    static func singlePoints(_ outcomes: ModelOutcomes, rows: [Int]) -> [CostQualityPoint] {
        outcomes.models.indices.map { m in
            CostQualityPoint(
                cost: rows.reduce(0) { $0 + outcomes.cost[$1][m] } / Double(max(rows.count, 1)),
                quality: rows.reduce(0) { $0 + outcomes.quality[$1][m] } / Double(max(rows.count, 1)))
        }
    }
}
