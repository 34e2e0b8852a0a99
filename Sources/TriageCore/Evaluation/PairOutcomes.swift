/// Per-prompt quality of a weak and a strong model: the data a strong/weak router is judged on.
public struct PairOutcomes: Sendable, Equatable {
    /// Weak model quality per prompt (0/1 or fractional).
    public let weak: [Double]
    /// Strong model quality per prompt, aligned with `weak`.
    public let strong: [Double]
    /// Mean quality when every prompt goes to the weak model.
    public let weakQuality: Double
    /// Mean quality when every prompt goes to the strong model.
    public let strongQuality: Double

    /// Outcomes of `weak` and `strong` on the same prompts, in the same order.
    public init(weak: [Double], strong: [Double]) throws(EvaluationError) {
        guard !weak.isEmpty else { throw .empty }
        guard strong.count == weak.count else {
            throw .lengthMismatch(expected: weak.count, actual: strong.count)
        }
        for i in weak.indices where !weak[i].isFinite || !strong[i].isFinite {
            throw .nonFinite(row: i)
        }
        let n = Double(weak.count)
        let weakQuality = weak.reduce(0, +) / n
        let strongQuality = strong.reduce(0, +) / n
        // PGR normalises by this gap; without one every router "recovers" 0/0.
        guard strongQuality != weakQuality else { throw .noQualityGap }
        self.weak = weak
        self.strong = strong
        self.weakQuality = weakQuality
        self.strongQuality = strongQuality
    }

    /// Number of prompts.
    public var count: Int { weak.count }

    /// Performance gap recovered by a mean quality.
    public func pgr(_ quality: Double) -> Double {
        (quality - weakQuality) / (strongQuality - weakQuality)
    }

    /// The curve point for a mean quality reached at a strong-call share.
    func point(share: Double, quality: Double) -> CurvePoint {
        CurvePoint(share: share, quality: quality, pgr: pgr(quality))
    }

    /// Number of prompts sent to the strong model at share k/intervals: round(k·n/intervals),
    /// halves rounded up, in integers so 0.1·n never lands a hair below a half.
    func strongCount(step k: Int, of intervals: Int) -> Int {
        (2 * k * count + intervals) / (2 * intervals)
    }
}
