/// Which models a cascade calls, cheap → best.
public enum CascadeTierChain: Sendable, Equatable {
    /// Chosen from the calibration rows: models on the non-decreasing convex hull of
    /// (mean cost, mean quality), at most `maxTiers` of them, always ending at the best.
    case hull(maxTiers: Int)
    /// Grown on the calibration rows: from the best model alone, repeatedly add the model (at
    /// its place by mean cost) that most raises the chain's score, up to `maxTiers` tiers, while
    /// the score rises. Reaches models off the hull that matter for one task (a cheap coder).
    case greedy(maxTiers: Int)
    /// Exactly these model indices, in this order.
    case explicit([Int])

    /// The models on the hull of single-model points on `rows`, cheap → best; ties between
    /// identical points go to the lower index.
    public static func hullModels(_ outcomes: ModelOutcomes, rows: [Int]? = nil) -> [Int] {
        let rows = rows ?? Array(0..<outcomes.count)
        guard !rows.isEmpty else { return [] }
        let points = CascadeFoldPolicies.singlePoints(outcomes, rows: rows)
        guard let frontier = try? CostQualityFrontier(points: points) else { return [] }
        return frontier.vertices.compactMap { v in points.firstIndex(of: v) }
    }

    /// The chain with the highest `score` among the candidates (for `.greedy`, the end of the
    /// forward search); ties go to the candidate tried first.
    public func choose<E: Error>(
        _ outcomes: ModelOutcomes, rows: [Int]? = nil, score: ([Int]) throws(E) -> Double
    ) throws(E) -> [Int] {
        guard case let .greedy(maxTiers) = self else {
            var best: (tiers: [Int], score: Double)?
            for tiers in candidates(outcomes, rows: rows) {
                let s = try score(tiers)
                if best == nil || s > best!.score { best = (tiers, s) }
            }
            return best?.tiers ?? []
        }
        let points = CascadeFoldPolicies.singlePoints(outcomes, rows: rows ?? Array(0..<outcomes.count))
        let top = points.indices.max { points[$0].quality < points[$1].quality || (points[$0].quality == points[$1].quality && points[$0].cost > points[$1].cost) }!
        var chain = [top]
        var current = try score(chain)
        while chain.count < maxTiers {
            var best: (tiers: [Int], score: Double)?
            for m in points.indices where !chain.contains(m) && points[m].cost < points[top].cost {
                let tiers = (chain + [m]).sorted { points[$0].cost < points[$1].cost || (points[$0].cost == points[$1].cost && $0 < $1) }
                let s = try score(tiers)
                if best == nil || s > best!.score { best = (tiers, s) }
            }
            guard let best, best.score > current else { break }
            chain = best.tiers
            current = best.score
        }
        return chain
    }

    /// Candidate chains: for `.hull`, every subset of the hull models that ends at the best
    /// one and has 2 to `maxTiers` tiers (the whole hull when it is that short), cheap → best,
    /// shorter chains first; for `.explicit`, the one chain; for `.greedy`, the hull (its
    /// search runs in `choose`).
    public func candidates(_ outcomes: ModelOutcomes, rows: [Int]? = nil) -> [[Int]] {
        switch self {
        case let .explicit(tiers):
            return [tiers]
        case .greedy:
            return [Self.hullModels(outcomes, rows: rows)]
        case let .hull(maxTiers):
            let hull = Self.hullModels(outcomes, rows: rows)
            guard hull.count > 2, maxTiers >= 2 else { return [hull] }
            let best = hull[hull.count - 1]
            let rest = Array(hull.dropLast())
            var out: [[Int]] = []
            for size in 1..<min(maxTiers, hull.count) {
                for subset in Self.subsets(of: rest, size: size) { out.append(subset + [best]) }
            }
            return out
        }
    }

    /// Subsets of `items` of `size`, each in the items' order, in lexicographic order of positions.
    static func subsets(of items: [Int], size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        var out: [[Int]] = []
        for (i, first) in items.enumerated() {
            for tail in subsets(of: Array(items[(i + 1)...]), size: size - 1) { out.append([first] + tail) }
        }
        return out
    }
}
