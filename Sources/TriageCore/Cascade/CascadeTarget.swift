/// What a threshold calibration aims for.
public enum CascadeTarget: Sendable, Equatable, Codable {
    /// The best mean quality whose mean cost per prompt (USD) is at most this.
    case maxCost(Double)
    /// The cheapest mean cost per prompt whose mean quality is at least this.
    case minQuality(Double)

    /// Throws when no cascade could be asked for this target.
    public func validate() throws(CascadeError) {
        switch self {
        case let .maxCost(usd) where !(usd.isFinite && usd >= 0):
            throw .invalidTarget("target cost must be a non-negative number of USD per prompt, got \(usd)")
        case let .minQuality(q) where !(q >= 0 && q <= 1):
            throw .invalidTarget("target quality must be in [0, 1], got \(q)")
        default:
            return
        }
    }

    /// Whether `point` meets the target (a hair of slack for floating-point sums).
    public func isMet(by point: CostQualityPoint) -> Bool {
        switch self {
        case let .maxCost(usd): point.cost <= usd * (1 + 1e-12) + 1e-15
        case let .minQuality(q): point.quality >= q - 1e-12
        }
    }

    /// Whether `a` is a better answer to the target than `b`, both meeting it or both not:
    /// met → more quality (then less cost) for a cost target, less cost (then more quality)
    /// for a quality target; unmet → the nearer miss.
    func prefers(_ a: CostQualityPoint, over b: CostQualityPoint, met: Bool) -> Bool {
        switch (self, met) {
        case (.maxCost, true), (.minQuality, false):
            a.quality > b.quality || (a.quality == b.quality && a.cost < b.cost)
        case (.minQuality, true), (.maxCost, false):
            a.cost < b.cost || (a.cost == b.cost && a.quality > b.quality)
        }
    }
}
