/// Per-prompt quality and cost of N models: the data an N-model routing policy is judged on.
public struct ModelOutcomes: Sendable, Equatable {
    /// Model names, the column order of `quality` and `cost`.
    public let models: [String]
    /// quality: n×m, model m's quality on prompt i (0/1 or fractional).
    public let quality: [[Double]]
    /// cost: n×m, USD that model m's call on prompt i cost.
    public let cost: [[Double]]

    /// Outcomes of `models` on n prompts; every row has one finite value per model.
    public init(models: [String], quality: [[Double]], cost: [[Double]]) throws(EvaluationError) {
        guard !models.isEmpty, !quality.isEmpty else { throw .empty }
        guard cost.count == quality.count else { throw .lengthMismatch(expected: quality.count, actual: cost.count) }
        for i in quality.indices {
            guard quality[i].count == models.count else { throw .lengthMismatch(expected: models.count, actual: quality[i].count) }
            guard cost[i].count == models.count else { throw .lengthMismatch(expected: models.count, actual: cost[i].count) }
            guard quality[i].allSatisfy(\.isFinite), cost[i].allSatisfy(\.isFinite) else { throw .nonFinite(row: i) }
        }
        self.models = models
        self.quality = quality
        self.cost = cost
    }

    /// Number of prompts.
    public var count: Int { quality.count }

    /// The operating point of a per-prompt choice of model (an index into `models`).
    public func point(choices: [Int]) throws(EvaluationError) -> CostQualityPoint {
        guard choices.count == count else { throw .lengthMismatch(expected: count, actual: choices.count) }
        for (i, m) in choices.enumerated() where !models.indices.contains(m) {
            throw .invalidChoice(row: i, index: m)
        }
        return mean(choices: choices)
    }

    /// `point(choices:)` for choices already known to be valid.
    func mean(choices: [Int]) -> CostQualityPoint {
        var totalCost = 0.0, totalQuality = 0.0
        for (i, m) in choices.enumerated() {
            totalCost += cost[i][m]
            totalQuality += quality[i][m]
        }
        return CostQualityPoint(cost: totalCost / Double(count), quality: totalQuality / Double(count))
    }
}
