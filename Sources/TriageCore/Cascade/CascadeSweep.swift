/// Every threshold configuration a search tried for one chain (and, routed, every λ), with the
/// operating point each reached: the raw material of calibration and of a cost-quality frontier.
public struct CascadeSweep: Sendable {
    /// The chain, as model indices.
    public let tiers: [Int]
    /// Configurations in the deterministic order they were tried.
    public let candidates: [CascadeCandidate]

    /// Thresholds swept for a cascade whose rows start at `startTiers` (aligned with `rows`;
    /// tier 1 when nil).
    public static func thresholds(
        _ replay: CascadeReplay, tiers: [Int], rows: [Int]? = nil, startTiers: [Int]? = nil, grid: CascadeGrid = CascadeGrid()
    ) throws(CascadeError) -> CascadeSweep {
        let rows = rows ?? Array(0..<replay.count)
        try replay.check(tiers: tiers, rows: rows)
        if let startTiers {
            guard startTiers.count == rows.count else { throw .lengthMismatch(expected: rows.count, actual: startTiers.count) }
            for (r, k) in startTiers.enumerated() where !tiers.indices.contains(k) { throw .invalidStartTier(row: rows[r], tier: k) }
        }
        let chain = Chain(replay, tiers: tiers, rows: rows, starts: startTiers)
        return CascadeSweep(tiers: tiers, candidates: chain.search(grid: grid, lambda: nil))
    }

    /// Router + cascade: for each λ the router picks every row's start tier among `tiers`
    /// (see `CascadeReplay.startTiers`), then thresholds are swept as above. With `escalate`
    /// false every threshold stays 0: the router's choice is final (router only).
    /// - Parameter predicted: n×m predicted quality, aligned with the outcomes' models.
    public static func routed(
        _ replay: CascadeReplay, tiers: [Int], predicted: [[Double]], lambdas: [Double], rows: [Int]? = nil,
        escalate: Bool = true, grid: CascadeGrid = CascadeGrid()
    ) throws(CascadeError) -> CascadeSweep {
        guard !lambdas.isEmpty else { throw .noLambdas }
        let rows = rows ?? Array(0..<replay.count)
        var candidates: [CascadeCandidate] = []
        for lambda in lambdas {
            let starts = try replay.startTiers(predicted: predicted, tiers: tiers, lambda: lambda, rows: rows)
            let chain = Chain(replay, tiers: tiers, rows: rows, starts: starts)
            if escalate {
                candidates += chain.search(grid: grid, lambda: lambda)
            } else {
                let t = [Double](repeating: 0, count: tiers.count - 1)
                candidates.append(CascadeCandidate(lambda: lambda, thresholds: t, point: chain.point(t)))
            }
        }
        return CascadeSweep(tiers: tiers, candidates: candidates)
    }

    /// The non-decreasing convex hull of every candidate's point.
    public func frontier() throws(EvaluationError) -> CostQualityFrontier {
        try CostQualityFrontier(points: candidates.map(\.point))
    }

    /// The candidate that best answers `target`, and whether it meets it; when none does, the
    /// nearest miss (the cheapest for a cost target, the best for a quality target). Ties go to
    /// the candidate tried first.
    public func best(for target: CascadeTarget) -> (candidate: CascadeCandidate, met: Bool) {
        var best: CascadeCandidate?
        var bestMet = false
        for candidate in candidates {
            let met = target.isMet(by: candidate.point)
            guard let current = best else { best = candidate; bestMet = met; continue }
            if met && !bestMet || (met == bestMet && target.prefers(candidate.point, over: current.point, met: met)) {
                best = candidate
                bestMet = met
            }
        }
        return (best!, bestMet)
    }
}

extension CascadeSweep {
    /// One chain's per-row costs, qualities and scores laid out flat (rows × tiers), so a
    /// threshold configuration is priced in one tight pass.
    struct Chain {
        let n: Int
        let rows: Int
        let cost: [Double], quality: [Double], score: [Double]
        let starts: [Int]

        init(_ replay: CascadeReplay, tiers: [Int], rows: [Int], starts: [Int]?) {
            n = tiers.count
            self.rows = rows.count
            var cost = [Double](), quality = [Double](), score = [Double]()
            cost.reserveCapacity(rows.count * n)
            quality.reserveCapacity(rows.count * n)
            score.reserveCapacity(rows.count * n)
            for i in rows {
                for m in tiers {
                    let at = i * replay.width + m
                    cost.append(replay.c[at])
                    quality.append(replay.q[at])
                    score.append(replay.s[at])
                }
            }
            self.cost = cost
            self.quality = quality
            self.score = score
            self.starts = starts ?? [Int](repeating: 0, count: rows.count)
        }

        /// Mean cost and quality of thresholds `t` over the rows.
        func point(_ t: [Double]) -> CostQualityPoint {
            guard rows > 0 else { return CostQualityPoint(cost: 0, quality: 0) }
            var totalCost = 0.0, totalQuality = 0.0
            cost.withUnsafeBufferPointer { c in
                quality.withUnsafeBufferPointer { q in
                    score.withUnsafeBufferPointer { s in
                        t.withUnsafeBufferPointer { t in
                            for r in 0..<rows {
                                let base = r * n
                                var k = starts[r]
                                while true {
                                    totalCost += c[base + k]
                                    if k == n - 1 || s[base + k] >= t[k] { totalQuality += q[base + k]; break }
                                    k += 1
                                }
                            }
                        }
                    }
                }
            }
            return CostQualityPoint(cost: totalCost / Double(rows), quality: totalQuality / Double(rows))
        }

        /// The threshold values each tier but the last may take.
        func values(levels: Int) -> [[Double]] {
            (0..<(n - 1)).map { k in
                CascadeGrid.values((0..<rows).map { score[$0 * n + k] }, levels: levels)
            }
        }

        /// The candidates of a search: the whole grid when it is small enough, otherwise the
        /// configurations coordinate descent visits under a range of cost prices.
        func search(grid: CascadeGrid, lambda: Double?) -> [CascadeCandidate] {
            let d = n - 1
            guard d > 0 else { return [CascadeCandidate(lambda: lambda, thresholds: [], point: point([]))] }
            let levels = grid.levels(dimensions: d)
            let values = values(levels: levels)
            if values.reduce(1, { $0 * $1.count }) <= grid.maxConfigurations {
                return exhaustive(values, lambda: lambda)
            }
            return descent(values, rounds: grid.rounds, lambda: lambda)
        }

        /// Every combination, the first threshold varying slowest.
        private func exhaustive(_ values: [[Double]], lambda: Double?) -> [CascadeCandidate] {
            var out: [CascadeCandidate] = []
            var index = [Int](repeating: 0, count: values.count)
            while true {
                let t = index.enumerated().map { values[$0.offset][$0.element] }
                out.append(CascadeCandidate(lambda: lambda, thresholds: t, point: point(t)))
                var j = values.count - 1
                while j >= 0 {
                    index[j] += 1
                    if index[j] < values[j].count { break }
                    index[j] = 0
                    j -= 1
                }
                if j < 0 { return out }
            }
        }

        /// Coordinate descent on quality − μ·cost from "accept everything", one run per price μ
        /// (in units of the last tier's mean cost); every configuration evaluated is kept.
        private func descent(_ values: [[Double]], rounds: Int, lambda: Double?) -> [CascadeCandidate] {
            var lastTierCost = 0.0
            for r in 0..<rows { lastTierCost += cost[r * n + n - 1] }
            let scale = rows > 0 && lastTierCost > 0 ? Double(rows) / lastTierCost : 1
            let prices: [Double] = [0, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 10, 30].map { $0 * scale }
            var seen: Set<[Double]> = []
            var out: [CascadeCandidate] = []
            func evaluate(_ t: [Double]) -> CostQualityPoint {
                let p = point(t)
                if seen.insert(t).inserted { out.append(CascadeCandidate(lambda: lambda, thresholds: t, point: p)) }
                return p
            }
            for mu in prices {
                var index = [Int](repeating: 0, count: values.count)
                var t = index.enumerated().map { values[$0.offset][$0.element] }
                var current = evaluate(t)
                for _ in 0..<rounds {
                    var changed = false
                    for j in values.indices {
                        for v in values[j].indices where v != index[j] {
                            var trial = t
                            trial[j] = values[j][v]
                            let p = evaluate(trial)
                            if p.quality - mu * p.cost > current.quality - mu * current.cost {
                                index[j] = v
                                t = trial
                                current = p
                                changed = true
                            }
                        }
                    }
                    if !changed { break }
                }
            }
            return out
        }
    }
}
