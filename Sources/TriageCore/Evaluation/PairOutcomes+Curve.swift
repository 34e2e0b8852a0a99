extension PairOutcomes {
    /// RouteLLM's curve for a router: at share k/intervals the `round(k·n/intervals)` prompts
    /// with the highest scores go to the strong model (ties: lower index first).
    ///
    /// - Parameter scores: one per prompt; higher means the strong model is more needed.
    public func curve(scores: [Double], intervals: Int = 10) throws(EvaluationError) -> QualityCurve {
        guard scores.count == count else { throw .lengthMismatch(expected: count, actual: scores.count) }
        guard intervals >= 1 else { throw .invalidIntervals(intervals) }
        for i in scores.indices where !scores[i].isFinite { throw .nonFinite(row: i) }

        // The index tie-break makes the order, and so the curve, independent of sort stability.
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        // gained[c]: total quality change from sending the first c prompts of `order` to strong.
        var gained = [0.0]
        gained.reserveCapacity(count + 1)
        for i in order { gained.append(gained[gained.count - 1] + strong[i] - weak[i]) }

        let weakTotal = weak.reduce(0, +)  // the same sum as weakQuality, so share 0 gives PGR exactly 0
        let points = (0...intervals).map { k in
            let c = strongCount(step: k, of: intervals)
            return point(share: Double(k) / Double(intervals), quality: (weakTotal + gained[c]) / Double(count))
        }
        return QualityCurve(points: points)
    }
}
