/// Offline replay of cascades over recorded outcomes: every model's quality and cost on every
/// prompt, and the verifier's score of every model's answer, so any chain, thresholds and start
/// tiers can be priced without calling a model.
public struct CascadeReplay: Sendable {
    public let outcomes: ModelOutcomes
    /// scores: n×m, the verifier's score of model m's answer to prompt i, in [0, 1].
    public let scores: [[Double]]
    // Flat n×m copies for the inner loops of sweeps.
    let q: [Double], c: [Double], s: [Double]

    /// A replay of `outcomes` with one verifier score per prompt and model.
    public init(outcomes: ModelOutcomes, scores: [[Double]]) throws(CascadeError) {
        guard scores.count == outcomes.count else { throw .lengthMismatch(expected: outcomes.count, actual: scores.count) }
        for (i, row) in scores.enumerated() {
            guard row.count == outcomes.models.count else { throw .lengthMismatch(expected: outcomes.models.count, actual: row.count) }
            guard row.allSatisfy(\.isFinite) else { throw .nonFinite(row: i) }
        }
        self.outcomes = outcomes
        self.scores = scores
        q = outcomes.quality.flatMap { $0 }
        c = outcomes.cost.flatMap { $0 }
        s = scores.flatMap { $0 }
    }

    /// Number of prompts.
    public var count: Int { outcomes.count }
    var width: Int { outcomes.models.count }

    /// Replays `plan` on `rows` (all when nil), each row starting at tier `startTiers[r]`
    /// (aligned with `rows`; tier 0 when nil): cost is the sum over the tiers called, quality
    /// the accepted answer's.
    public func run(_ plan: CascadePlan, rows: [Int]? = nil, startTiers: [Int]? = nil) throws(CascadeError) -> CascadeRun {
        let rows = rows ?? Array(0..<count)
        try check(tiers: plan.tiers, rows: rows)
        if let startTiers {
            guard startTiers.count == rows.count else { throw .lengthMismatch(expected: rows.count, actual: startTiers.count) }
            for (r, k) in startTiers.enumerated() where !plan.tiers.indices.contains(k) {
                throw .invalidStartTier(row: rows[r], tier: k)
            }
        }
        var run = CascadeRun(rows: rows)
        for (r, i) in rows.enumerated() {
            let start = startTiers?[r] ?? 0
            let step = walk(row: i, tiers: plan.tiers, thresholds: plan.thresholds, start: start)
            run.cost[r] = step.cost
            run.quality[r] = step.quality
            run.acceptedTier[r] = step.accepted
            run.tiersTried[r] = step.accepted - start + 1
        }
        return run
    }

    /// The tier each row starts at when a router picks it: argmax_k (predicted[i][tier_k] −
    /// λ·cost[i][tier_k]), ties to the cheaper call, then the earlier tier — the tie rules of
    /// `ModelOutcomes.lambdaSweep`, over the chain's models only.
    /// - Parameter predicted: n×m predicted quality, aligned with the outcomes' models.
    public func startTiers(predicted: [[Double]], tiers: [Int], lambda: Double, rows: [Int]? = nil) throws(CascadeError) -> [Int] {
        let rows = rows ?? Array(0..<count)
        try check(tiers: tiers, rows: rows)
        guard predicted.count == count else { throw .lengthMismatch(expected: count, actual: predicted.count) }
        for i in rows {
            guard predicted[i].count == width else { throw .lengthMismatch(expected: width, actual: predicted[i].count) }
            guard predicted[i].allSatisfy(\.isFinite) else { throw .nonFinite(row: i) }
        }
        return rows.map { i in Self.start(predicted: predicted[i], cost: outcomes.cost[i], tiers: tiers, lambda: lambda) }
    }

    static func start(predicted p: [Double], cost: [Double], tiers: [Int], lambda: Double) -> Int {
        var best = 0
        var bestKey = (p[tiers[0]] - lambda * cost[tiers[0]], -cost[tiers[0]])
        for k in 1..<tiers.count {
            let m = tiers[k]
            let key = (p[m] - lambda * cost[m], -cost[m])
            if key > bestKey { best = k; bestKey = key }
        }
        return best
    }

    /// One prompt through the chain from `start`: the summed cost, the accepted answer's
    /// quality, and the tier that answered.
    @inline(__always)
    func walk(row i: Int, tiers: [Int], thresholds: [Double], start: Int) -> (cost: Double, quality: Double, accepted: Int) {
        let base = i * width
        var cost = 0.0
        var k = start
        while true {
            let m = base + tiers[k]
            cost += c[m]
            if k == tiers.count - 1 || s[m] >= thresholds[k] { return (cost, q[m], k) }
            k += 1
        }
    }

    func check(tiers: [Int], rows: [Int]) throws(CascadeError) {
        guard !tiers.isEmpty else { throw .noTiers }
        for m in tiers where !(0..<width).contains(m) { throw .tierOutOfRange(index: m, models: width) }
        for i in rows where !(0..<count).contains(i) { throw .invalidRow(i) }
    }
}
