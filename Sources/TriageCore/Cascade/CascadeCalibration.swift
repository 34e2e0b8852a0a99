/// Thresholds for a fixed chain chosen on calibration rows to meet a target: the best quality
/// within a mean cost, or the lowest cost reaching a mean quality. Deterministic: the same
/// rows and scores always give the same thresholds.
public struct CascadeCalibration: Sendable, Equatable {
    /// The chain with its calibrated thresholds.
    public var plan: CascadePlan
    /// The router's λ, when a router picks the start tier.
    public var lambda: Double?
    /// The mean cost and quality the plan reaches on the calibration rows.
    public var point: CostQualityPoint
    public var target: CascadeTarget
    /// Whether the target is met; when not, the plan is the nearest miss.
    public var met: Bool

    /// Calibrates the thresholds of `tiers` on `rows` (all when nil) for `target`, every row
    /// starting at tier 1.
    public init(
        replay: CascadeReplay, tiers: [Int], target: CascadeTarget, rows: [Int]? = nil, grid: CascadeGrid = CascadeGrid()
    ) throws(CascadeError) {
        try target.validate()
        let sweep = try CascadeSweep.thresholds(replay, tiers: tiers, rows: rows, grid: grid)
        try self.init(sweep: sweep, target: target)
    }

    /// The candidate of `sweep` (thresholds, and λ for a routed sweep) that best answers `target`.
    public init(sweep: CascadeSweep, target: CascadeTarget) throws(CascadeError) {
        try target.validate()
        let (candidate, met) = sweep.best(for: target)
        plan = try CascadePlan(tiers: sweep.tiers, thresholds: candidate.thresholds)
        lambda = candidate.lambda
        point = candidate.point
        self.target = target
        self.met = met
    }
}
