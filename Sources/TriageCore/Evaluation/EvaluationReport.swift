/// Everything a report or `triage eval --json` shows about one strong/weak router.
///
/// JSON: `{"apgr", "cpt50", "cpt80", "aiq", "curve": [{"share", "quality", "pgr"}],
/// "baselines": {"random", "always_weak", "always_strong", "perfect"}, "cost_quality"}`; shares
/// and CPTs are fractions in [0, 1]; undefined values are `null`; `cost_quality` (N-model λ
/// sweep, frontier, single models, oracle) appears where the data carries per-call costs.
public struct EvaluationReport: Sendable, Equatable {
    /// The router's curve and metrics (flattened into the top level of the JSON).
    public var router: CurveMetrics
    /// RouterBench's AIQ where a cost-quality frontier was evaluated.
    public var aiq: Double?
    /// The reference routers on the same prompts.
    public var baselines: StrongWeakBaselines
    /// The N-model cost-quality evaluation, where costs were known.
    public var costQuality: CostQualityReport?

    /// A report from parts already computed.
    public init(router: CurveMetrics, aiq: Double? = nil, baselines: StrongWeakBaselines, costQuality: CostQualityReport? = nil) {
        self.router = router
        self.aiq = aiq ?? costQuality?.aiq
        self.baselines = baselines
        self.costQuality = costQuality
    }

    /// Evaluates a router's `scores` (one per prompt) against `outcomes` and its baselines.
    public init(
        scores: [Double], outcomes: PairOutcomes, intervals: Int = 10, aiq: Double? = nil, costQuality: CostQualityReport? = nil
    ) throws(EvaluationError) {
        self.init(
            router: CurveMetrics(try outcomes.curve(scores: scores, intervals: intervals)),
            aiq: aiq,
            baselines: try StrongWeakBaselines(outcomes: outcomes, intervals: intervals),
            costQuality: costQuality
        )
    }
}

extension EvaluationReport: Codable {
    enum CodingKeys: String, CodingKey {
        case apgr, cpt50, cpt80, aiq, curve, baselines
        case costQuality = "cost_quality"
    }

    public init(from decoder: any Decoder) throws {
        router = try CurveMetrics(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aiq = try c.decodeIfPresent(Double.self, forKey: .aiq)
        baselines = try c.decode(StrongWeakBaselines.self, forKey: .baselines)
        costQuality = try c.decodeIfPresent(CostQualityReport.self, forKey: .costQuality)
    }

    public func encode(to encoder: any Encoder) throws {
        // The router's keys sit at the top level, next to `aiq` and `baselines`.
        try router.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(aiq, forKey: .aiq)
        try c.encode(baselines, forKey: .baselines)
        try c.encodeIfPresent(costQuality, forKey: .costQuality)
    }
}
