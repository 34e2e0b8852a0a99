import Foundation

/// How a cascade evaluation chooses chains, λ and thresholds on training rows.
public struct CascadeEvaluationOptions: Sendable, Equatable {
    /// λ values (quality per USD) the router's start-tier choice is swept over.
    public var lambdas: [Double]
    /// Cost budgets per fold, log-spaced from the cheapest model's mean cost to
    /// `budgetCeiling` × the dearest model's: each policy is tuned on the training rows to the
    /// best quality within each budget, and those settings are what the held-out rows see.
    public var budgets: Int
    public var budgetCeiling: Double
    /// How each fold picks the chain (cascade only and router + cascade pick separately).
    public var chain: CascadeTierChain
    public var grid: CascadeGrid
    /// Inner folds that give the training rows held-out router and verifier scores to tune on
    /// (0: tune on in-sample scores, which overstate both models' confidence).
    public var calibrationFolds: Int
    /// Seed of the prompt-grouped fold split.
    public var seed: UInt64

    public init(
        lambdas: [Double] = CascadeEvaluationOptions.defaultLambdas, budgets: Int = 40, budgetCeiling: Double = 1.5,
        chain: CascadeTierChain = .hull(maxTiers: 3), grid: CascadeGrid = CascadeGrid(), calibrationFolds: Int = 4, seed: UInt64 = 1
    ) {
        self.lambdas = lambdas
        self.budgets = max(2, budgets)
        self.budgetCeiling = budgetCeiling
        self.chain = chain
        self.grid = grid
        self.calibrationFolds = calibrationFolds
        self.seed = seed
    }

    /// 0, then 10^0 … 10^5 in steps of 10^⅛: quality points per USD, across the span where
    /// per-call costs of a cent to a hundredth of a cent trade against quality gaps of 0.01–0.3.
    public static let defaultLambdas: [Double] = [0] + stride(from: 0.0, through: 5.0, by: 0.125).map { Foundation.pow(10, $0) }
}
