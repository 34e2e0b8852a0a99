extension PairOutcomes {
    /// The expected curve of a router that picks prompts at random: quality rises linearly
    /// from weakQ to strongQ, so PGR equals the share and APGR is exactly 0.5.
    public func randomCurve(intervals: Int = 10) throws(EvaluationError) -> QualityCurve {
        guard intervals >= 1 else { throw .invalidIntervals(intervals) }
        let points = (0...intervals).map { k in
            let share = Double(k) / Double(intervals)
            return point(share: share, quality: weakQuality + share * (strongQuality - weakQuality))
        }
        return QualityCurve(points: points)
    }

    /// Every prompt to the weak model: the single point (0, weakQ, 0).
    public var alwaysWeakCurve: QualityCurve {
        QualityCurve(points: [point(share: 0, quality: weakQuality)])
    }

    /// Every prompt to the strong model: the single point (1, strongQ, 1).
    public var alwaysStrongCurve: QualityCurve {
        QualityCurve(points: [point(share: 1, quality: strongQuality)])
    }

    /// RouteLLM's optimal router (`get_optimal_accuracy`): with a budget of share·n strong
    /// calls it spends them only where strong beats weak, largest gains first, so its quality
    /// stops rising once the helpful prompts run out and PGR can exceed 1.
    ///
    /// The budget is not rounded to whole prompts, as in RouteLLM (`total * strong_percent`):
    /// a fractional last call counts for that fraction of its gain, the expected value of
    /// making it at random. Rounding would move MMLU's CPT(80%) from 10.00% to 9.99%.
    public func perfectCurve(intervals: Int = 10) throws(EvaluationError) -> QualityCurve {
        guard intervals >= 1 else { throw .invalidIntervals(intervals) }
        let gains = zip(strong, weak).map { $0 - $1 }.filter { $0 > 0 }.sorted(by: >)
        var gained = [0.0]
        gained.reserveCapacity(gains.count + 1)
        for g in gains { gained.append(gained[gained.count - 1] + g) }

        let weakTotal = weak.reduce(0, +)  // the same sum as weakQuality, so share 0 gives PGR exactly 0
        let points = (0...intervals).map { k in
            let share = Double(k) / Double(intervals)
            let budget = share * Double(count)
            let whole = min(Int(budget), gains.count)
            let partial = whole < gains.count ? (budget - Double(whole)) * gains[whole] : 0
            return point(share: share, quality: (weakTotal + gained[whole] + partial) / Double(count))
        }
        return QualityCurve(points: points)
    }
}
