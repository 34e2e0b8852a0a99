/// A cascade: an ordered chain of models, cheap → frontier, and one verifier threshold per tier
/// but the last. Tier i's answer is accepted iff its verifier score ≥ `thresholds[i]`; the last
/// tier's answer is always accepted.
public struct CascadePlan: Sendable, Equatable, Codable {
    /// Model indices (columns of the outcomes), in calling order.
    public let tiers: [Int]
    /// t_1 … t_{n−1}, each in [0, 1].
    public let thresholds: [Double]

    /// A validated plan over model indices.
    public init(tiers: [Int], thresholds: [Double]) throws(CascadeError) {
        guard !tiers.isEmpty else { throw .noTiers }
        guard thresholds.count == tiers.count - 1 else { throw .thresholdCount(tiers: tiers.count, thresholds: thresholds.count) }
        for (i, t) in thresholds.enumerated() where !(t >= 0 && t <= 1) {
            throw .thresholdOutOfRange(index: i, value: t)
        }
        for (i, m) in tiers.enumerated() {
            guard m >= 0 else { throw .tierOutOfRange(index: m, models: 0) }
            if tiers[..<i].contains(m) { throw .duplicateTier("#\(m)") }
        }
        self.tiers = tiers
        self.thresholds = thresholds
    }

    /// A validated plan naming its tiers by model name, resolved against `models`.
    public init(tierNames: [String], thresholds: [Double], models: [String]) throws(CascadeError) {
        let indices = try Self.resolve(tierNames, models: models)
        try self.init(tiers: indices, thresholds: thresholds)
    }

    /// Model indices of `names` in `models`; the first unknown name is an error naming it.
    public static func resolve(_ names: [String], models: [String]) throws(CascadeError) -> [Int] {
        guard !names.isEmpty else { throw .noTiers }
        var out: [Int] = []
        for name in names {
            guard let m = models.firstIndex(of: name) else { throw .unknownTier(name, known: models) }
            guard !out.contains(m) else { throw .duplicateTier(name) }
            out.append(m)
        }
        return out
    }
}
