/// PGR as a function of strong-call share, sampled at increasing shares, with RouteLLM's
/// summary metrics (APGR and CPT).
public struct QualityCurve: Sendable, Equatable {
    /// The sampled points, in increasing share.
    public let points: [CurvePoint]

    /// A curve through `points`, which must be sorted by increasing share.
    public init(points: [CurvePoint]) {
        self.points = points
    }

    /// Average performance gap recovered: the trapezoid area under PGR over the sampled shares.
    ///
    /// With the default sampling (shares 0, 0.1, …, 1) this is the area over [0, 1], as in
    /// RouteLLM. A single operating point (always-weak, always-strong) spans no interval, so it
    /// has no APGR: nil rather than a misleading zero.
    public var apgr: Double? {
        guard points.count >= 2 else { return nil }
        var area = 0.0
        for (a, b) in zip(points, points.dropFirst()) {
            area += (b.share - a.share) * (a.pgr + b.pgr) / 2
        }
        return area
    }

    /// Call-performance threshold: the smallest share at which PGR reaches `target`
    /// (0.5 for CPT(50%)), interpolating linearly to the first crossing; nil if never reached.
    public func cpt(_ target: Double) -> Double? {
        guard let first = points.first else { return nil }
        if first.pgr >= target { return first.share }
        for (a, b) in zip(points, points.dropFirst()) where b.pgr >= target {
            // a.pgr < target ≤ b.pgr here, so the slope is positive and the division safe.
            return a.share + (target - a.pgr) / (b.pgr - a.pgr) * (b.share - a.share)
        }
        return nil
    }
}
