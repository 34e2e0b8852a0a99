import Foundation

/// The bandit's logging policy: a softmax over optimistic reward estimates, so every arm keeps
/// a known, non-zero probability (the propensity off-policy evaluation needs) and uncertain
/// arms get more of it.
///
///     score_a = prior_a + θ_aᵀx + α·√(xᵀA_a⁻¹x)      (prior: the offline router's estimate)
///     P(a)    = exp(score_a / τ) / Σ_b exp(score_b / τ)
///
/// The greedy arm is argmax of prior_a + θ_aᵀx (no bonus): what the policy would do with no
/// exploration at all.
public struct SoftmaxUCBPolicy: Sendable, Equatable {
    /// τ, in reward units: smaller is greedier.
    public var temperature: Double
    /// α, the weight of the uncertainty bonus.
    public var bonus: Double

    public init(temperature: Double = 0.05, bonus: Double = 0.5) {
        precondition(temperature > 0 && bonus >= 0, "a positive temperature and a non-negative bonus")
        self.temperature = temperature
        self.bonus = bonus
    }

    /// Each arm's probability, and the greedy arm.
    public func probabilities(context x: [Double], prior: [Double], arms: [LinearArmStatistics]) -> (probabilities: [Double], greedy: Int) {
        precondition(prior.count == arms.count && !arms.isEmpty, "one prior per arm")
        var means = [Double](repeating: 0, count: arms.count)
        var scores = [Double](repeating: 0, count: arms.count)
        for a in arms.indices {
            means[a] = prior[a] + arms[a].mean(x)
            scores[a] = means[a] + bonus * arms[a].variance(x).squareRoot()
        }
        let top = scores.max()!
        var weights = scores.map { Foundation.exp(($0 - top) / temperature) }
        let total = weights.reduce(0, +)
        for a in weights.indices { weights[a] /= total }
        var greedy = 0
        for a in means.indices where means[a] > means[greedy] { greedy = a }
        return (weights, greedy)
    }

    /// The arm a uniform draw `u` in [0, 1) picks from `probabilities` (inverse CDF).
    public static func sample(_ probabilities: [Double], uniform u: Double) -> Int {
        var cumulative = 0.0
        for (a, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return a }
        }
        return probabilities.count - 1
    }
}
