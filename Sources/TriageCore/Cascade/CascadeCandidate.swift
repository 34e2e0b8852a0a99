/// One configuration a sweep tried and where it landed on the rows it was tried on.
public struct CascadeCandidate: Sendable, Equatable, Codable {
    /// The router's λ when a router picks each row's start tier; nil when every row starts at tier 1.
    public var lambda: Double?
    /// t_1 … t_{n−1}.
    public var thresholds: [Double]
    public var point: CostQualityPoint

    public init(lambda: Double?, thresholds: [Double], point: CostQualityPoint) {
        self.lambda = lambda
        self.thresholds = thresholds
        self.point = point
    }
}
