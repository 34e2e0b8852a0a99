extension ModelOutcomes {
    /// Each model on its own: its mean cost and mean quality, in `models` order.
    public var singleModelPoints: [CostQualityPoint] {
        models.indices.map { m in mean(choices: Array(repeating: m, count: count)) }
    }

    /// The oracle's choice per prompt: the cheapest model among those with the best quality,
    /// which for 0/1 scores is the cheapest correct model, or the cheapest model when none is.
    public var oracleChoices: [Int] {
        quality.indices.map { i in
            argmax(count: models.count) { m in (quality[i][m], -cost[i][m]) }
        }
    }

    /// The oracle's operating point: the quality ceiling at the lowest cost that reaches it.
    public var oraclePoint: CostQualityPoint {
        mean(choices: oracleChoices)
    }

    /// A cost-aware policy swept over `lambdas`: each prompt goes to
    /// argmax_m (predicted[i][m] − λ·cost[i][m]) (ties: cheaper, then lower index), and the
    /// point is the mean realised cost and quality of those choices, one point per λ.
    ///
    /// Costs are the realised per-call costs, as RouterBench does; a deployed policy knows only
    /// an estimate, so this is slightly optimistic where cost varies with output length.
    /// - Parameter lambdas: finite USD-to-quality exchange rates; 0 ignores cost.
    /// - Parameter predicted: n×m predicted quality, aligned with `models`.
    public func lambdaSweep(predicted: [[Double]], lambdas: [Double]) throws(EvaluationError) -> [CostQualityPoint] {
        guard predicted.count == count else { throw .lengthMismatch(expected: count, actual: predicted.count) }
        for i in predicted.indices {
            guard predicted[i].count == models.count else { throw .lengthMismatch(expected: models.count, actual: predicted[i].count) }
            guard predicted[i].allSatisfy(\.isFinite) else { throw .nonFinite(row: i) }
        }
        var points: [CostQualityPoint] = []
        for lambda in lambdas {
            let choices = predicted.indices.map { i in
                CostAwareChoice.best(quality: predicted[i], cost: cost[i], lambda: lambda)
            }
            points.append(mean(choices: choices))
        }
        return points
    }

    /// The index in 0..<count with the largest key, comparing keys lexicographically; the
    /// lowest index wins a full tie, so choices never depend on iteration details.
    private func argmax(count: Int, key: (Int) -> (Double, Double)) -> Int {
        var best = 0, bestKey = key(0)
        for m in 1..<count {
            let k = key(m)
            if k > bestKey { best = m; bestKey = k }
        }
        return best
    }
}
