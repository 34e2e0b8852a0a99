/// Everything a report or `triage eval --json` shows about one strong/weak router.
///
/// JSON: `{"apgr", "cpt50", "cpt80", "aiq", "curve": [{"share", "quality", "pgr"}],
/// "baselines": {"random", "always_weak", "always_strong", "perfect"}}`; shares and CPTs are
/// fractions in [0, 1]; undefined values are `null`.
public struct EvaluationReport: Sendable, Equatable {
    /// The router's curve and metrics (flattened into the top level of the JSON).
    public var router: CurveMetrics
    /// RouterBench's AIQ where a cost-quality frontier was evaluated.
    public var aiq: Double?
    /// The reference routers on the same prompts.
    public var baselines: StrongWeakBaselines

    /// A report from parts already computed.
    public init(router: CurveMetrics, aiq: Double? = nil, baselines: StrongWeakBaselines) {
        self.router = router
        self.aiq = aiq
        self.baselines = baselines
    }

    /// Evaluates a router's `scores` (one per prompt) against `outcomes` and its baselines.
    public init(scores: [Double], outcomes: PairOutcomes, intervals: Int = 10, aiq: Double? = nil) throws(EvaluationError) {
        self.init(
            router: CurveMetrics(try outcomes.curve(scores: scores, intervals: intervals)),
            aiq: aiq,
            baselines: try StrongWeakBaselines(outcomes: outcomes, intervals: intervals)
        )
    }
}

extension EvaluationReport: Codable {
    enum CodingKeys: String, CodingKey {
        case apgr, cpt50, cpt80, aiq, curve, baselines
    }

    public init(from decoder: any Decoder) throws {
        router = try CurveMetrics(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aiq = try c.decodeIfPresent(Double.self, forKey: .aiq)
        baselines = try c.decode(StrongWeakBaselines.self, forKey: .baselines)
    }

    public func encode(to encoder: any Encoder) throws {
        // The router's keys sit at the top level, next to `aiq` and `baselines`.
        try router.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(aiq, forKey: .aiq)
        try c.encode(baselines, forKey: .baselines)
    }
}
