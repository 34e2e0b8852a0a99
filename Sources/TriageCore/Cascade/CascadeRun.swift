/// What a cascade replay did on each prompt, and the operating point it reached.
public struct CascadeRun: Sendable, Equatable {
    /// The replayed rows, in order; every array below is aligned with them.
    public var rows: [Int]
    /// USD spent on the row: every tier called.
    public var cost: [Double]
    /// Quality of the accepted answer.
    public var quality: [Double]
    /// The tier (index into the chain) whose answer was accepted.
    public var acceptedTier: [Int]
    /// How many tiers were called.
    public var tiersTried: [Int]

    init(rows: [Int]) {
        self.rows = rows
        cost = Array(repeating: 0, count: rows.count)
        quality = Array(repeating: 0, count: rows.count)
        acceptedTier = Array(repeating: 0, count: rows.count)
        tiersTried = Array(repeating: 0, count: rows.count)
    }

    /// Mean cost and quality over the replayed rows (zero for none).
    public var point: CostQualityPoint {
        guard !rows.isEmpty else { return CostQualityPoint(cost: 0, quality: 0) }
        let n = Double(rows.count)
        return CostQualityPoint(cost: cost.reduce(0, +) / n, quality: quality.reduce(0, +) / n)
    }
}
