/// The reference routers a strong/weak router is compared with.
public struct StrongWeakBaselines: Sendable, Equatable, Codable {
    /// Expected value of routing at random: APGR 0.5.
    public var random: CurveMetrics
    /// Every prompt to the weak model.
    public var alwaysWeak: CurveMetrics
    /// Every prompt to the strong model.
    public var alwaysStrong: CurveMetrics
    /// Strong calls only where they help, up to the budget: the ceiling for any router.
    public var perfect: CurveMetrics

    enum CodingKeys: String, CodingKey {
        case random
        case alwaysWeak = "always_weak"
        case alwaysStrong = "always_strong"
        case perfect
    }

    /// Baselines from parts already computed.
    public init(random: CurveMetrics, alwaysWeak: CurveMetrics, alwaysStrong: CurveMetrics, perfect: CurveMetrics) {
        self.random = random
        self.alwaysWeak = alwaysWeak
        self.alwaysStrong = alwaysStrong
        self.perfect = perfect
    }

    /// All four baselines on `outcomes`, sampled like the router's curve.
    public init(outcomes: PairOutcomes, intervals: Int = 10) throws(EvaluationError) {
        self.init(
            random: CurveMetrics(try outcomes.randomCurve(intervals: intervals)),
            alwaysWeak: CurveMetrics(outcomes.alwaysWeakCurve),
            alwaysStrong: CurveMetrics(outcomes.alwaysStrongCurve),
            perfect: CurveMetrics(try outcomes.perfectCurve(intervals: intervals))
        )
    }
}
