/// A router's N-model cost-quality evaluation: its λ sweep, the frontier of that sweep, AIQ,
/// and the reference points (each model alone, the oracle), all in mean USD per call.
public struct CostQualityReport: Sendable, Equatable, Codable {
    public var aiq: Double
    /// The router's operating points, one per λ.
    public var sweep: [CostQualityPoint]
    /// The sweep's non-decreasing convex hull (RouterBench's frontier).
    public var frontier: [CostQualityPoint]
    /// Each model called for every prompt.
    public var models: [String: CostQualityPoint]
    /// The cheapest correct model per prompt.
    public var oracle: CostQualityPoint

    /// Sweeps λ over the router's predicted qualities and measures the result on `outcomes`.
    public init(outcomes: ModelOutcomes, predicted: [[Double]], lambdas: [Double]) throws(EvaluationError) {
        sweep = try outcomes.lambdaSweep(predicted: predicted, lambdas: lambdas)
        let hull = try CostQualityFrontier(points: sweep)
        frontier = hull.vertices
        aiq = try hull.aiq()
        models = Dictionary(uniqueKeysWithValues: zip(outcomes.models, outcomes.singleModelPoints))
        oracle = outcomes.oraclePoint
    }
}
