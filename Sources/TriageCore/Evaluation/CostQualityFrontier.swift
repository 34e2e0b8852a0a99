/// The non-decreasing convex hull of a policy's (cost, quality) points, RouterBench's
/// frontier: any cost between two vertices is reachable by mixing their policies at random,
/// and spending more than the best point buys nothing, so the frontier stays flat after it.
public struct CostQualityFrontier: Sendable, Equatable {
    /// Hull vertices by increasing cost and strictly increasing quality.
    public let vertices: [CostQualityPoint]
    /// The largest cost among all the input points, hull or not: AIQ's default upper bound.
    public let maxPointCost: Double

    /// The frontier of `points` (in any order); dominated and non-concave points drop out.
    public init(points: [CostQualityPoint]) throws(EvaluationError) {
        guard !points.isEmpty else { throw .empty }
        for (i, p) in points.enumerated() where !p.cost.isFinite || !p.quality.isFinite {
            throw .nonFinite(row: i)
        }
        // By cost, and at equal cost the best quality first so the others are dropped below.
        let sorted = points.sorted { $0.cost < $1.cost || ($0.cost == $1.cost && $0.quality > $1.quality) }

        // Upper hull, left to right (Andrew's monotone chain): pop while the last two vertices
        // and p do not turn clockwise, i.e. while the middle vertex lies on or under the chord.
        var hull: [CostQualityPoint] = []
        for p in sorted where hull.last?.cost != p.cost {
            while hull.count >= 2, Self.cross(hull[hull.count - 2], hull[hull.count - 1], p) >= 0 {
                hull.removeLast()
            }
            hull.append(p)
        }
        // A concave hull rises to its best point then falls; the falling part is dominated.
        let best = hull.indices.max { hull[$0].quality < hull[$1].quality || (hull[$0].quality == hull[$1].quality && $0 > $1) } ?? 0
        vertices = Array(hull[...best])
        maxPointCost = sorted[sorted.count - 1].cost
    }

    /// The best quality reachable at mean cost `cost`; nil below the cheapest point.
    public func quality(atCost cost: Double) -> Double? {
        guard let first = vertices.first, cost >= first.cost else { return nil }
        for (a, b) in zip(vertices, vertices.dropFirst()) where cost <= b.cost {
            return a.quality + (cost - a.cost) / (b.cost - a.cost) * (b.quality - a.quality)
        }
        return vertices[vertices.count - 1].quality
    }

    /// (a→b) × (a→c): positive when a, b, c turn counter-clockwise.
    private static func cross(_ a: CostQualityPoint, _ b: CostQualityPoint, _ c: CostQualityPoint) -> Double {
        (b.cost - a.cost) * (c.quality - a.quality) - (b.quality - a.quality) * (c.cost - a.cost)
    }
}
