/// An operating point of a routing policy over several models: mean cost per prompt (USD)
/// and mean quality.
public struct CostQualityPoint: Sendable, Equatable, Codable {
    /// Mean USD per prompt.
    public var cost: Double
    /// Mean quality per prompt.
    public var quality: Double

    /// A point as given.
    public init(cost: Double, quality: Double) {
        self.cost = cost
        self.quality = quality
    }
}
