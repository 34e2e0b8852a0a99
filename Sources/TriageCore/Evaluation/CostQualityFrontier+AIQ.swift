extension CostQualityFrontier {
    /// RouterBench's average improvement in quality: the mean height of the frontier over a
    /// cost range, `AIQ = 1/(c_max − c_min) · ∫_{c_min}^{c_max} frontier(c) dc`.
    ///
    /// Defaults follow the RouterBench paper: `c_min` is the cheapest point's cost and `c_max`
    /// the largest cost among the input points, with the frontier flat beyond its best point.
    /// Pass common bounds to compare policies on one range; `minCost` may not lie below the
    /// cheapest point, where no policy exists. When `c_max == c_min` the mean height is the
    /// frontier's value there. AIQ is unchanged by rescaling cost (mean vs total USD).
    public func aiq(minCost: Double? = nil, maxCost: Double? = nil) throws(EvaluationError) -> Double {
        let lo = minCost ?? vertices[0].cost
        let hi = maxCost ?? maxPointCost
        guard lo.isFinite, hi.isFinite, lo >= vertices[0].cost, hi >= lo else {
            throw .invalidCostRange(min: lo, max: hi)
        }
        guard hi > lo else { return quality(atCost: lo)! }
        return area(from: lo, to: hi) / (hi - lo)
    }

    /// ∫ frontier(c) dc over [lo, hi], both at or above the cheapest vertex: trapezoids on the
    /// clipped hull segments plus the flat extension past the last vertex.
    private func area(from lo: Double, to hi: Double) -> Double {
        var total = 0.0
        for (a, b) in zip(vertices, vertices.dropFirst()) {
            let l = max(a.cost, lo), r = min(b.cost, hi)
            guard r > l else { continue }
            total += (r - l) * (quality(atCost: l)! + quality(atCost: r)!) / 2
        }
        let last = vertices[vertices.count - 1]
        if hi > last.cost {
            total += (hi - max(lo, last.cost)) * last.quality
        }
        return total
    }
}
