/// The comparison a cascade evaluation prints, on one set of rows: each model alone and each
/// policy's AIQ, best quality, and the cost at which it first reaches the best single model's
/// quality, as a share of that model's cost.
///
/// AIQ follows the data README's reading of RouterBench: the area under the non-decreasing
/// convex hull, flat after its best point up to a maximum cost common to every entry, over
/// [0, c_max], divided by c_max; below a policy's cheapest point there is no policy, so the
/// height there is 0. Every entry is judged on the same range, so a single model (one point)
/// scores its quality × (1 − cost / c_max). `aiqOwnRange` is `CostQualityFrontier.aiq` from the
/// entry's own cheapest point instead (a single model's is its quality).
public struct CascadeSummary: Sendable, Equatable, Codable {
    /// One row of the comparison.
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        /// Mean frontier height over [0, c_max].
        public var aiq: Double
        /// Mean frontier height over [own cheapest point, c_max].
        public var aiqOwnRange: Double
        public var maxQuality: Double
        /// Mean cost of the cheapest frontier point at `maxQuality`.
        public var costAtMaxQuality: Double
        /// The least mean cost at which the frontier reaches the best single model's quality
        /// (mixing neighbouring settings, as the frontier allows); nil when it never does.
        public var reachCost: Double?
        /// `reachCost` over the best single model's mean cost.
        public var reachShare: Double?
        /// The frontier's vertices.
        public var frontier: [CostQualityPoint]
    }

    /// What the rows are ("all", or a task's source).
    public var title: String
    public var rows: Int
    /// The single model with the highest mean quality (the cheaper on ties).
    public var best: String
    public var bestPoint: CostQualityPoint
    /// AIQ's upper cost bound, shared by every entry: the largest mean cost of any point.
    public var maxCost: Double
    public var models: [Entry]
    public var policies: [Entry]
    /// Router + cascade's AIQ is above every other entry's.
    public var routerCascadeHasHighestAIQ: Bool
    /// Router + cascade reaches the best single model's quality at ≤ 40 % of its cost.
    public var routerCascadeReachesBestWithin40Percent: Bool

    /// - Parameters:
    ///   - models: each model's name and mean point on the rows.
    ///   - policies: each policy's name and operating points on the rows.
    public init(
        title: String, rows: Int, models: [(String, CostQualityPoint)], policies: [(String, [CostQualityPoint])]
    ) throws(EvaluationError) {
        guard let best = models.max(by: { a, b in
            a.1.quality < b.1.quality || (a.1.quality == b.1.quality && a.1.cost > b.1.cost)
        }) else { throw .empty }
        let maxCost = (models.map(\.1.cost) + policies.flatMap { $0.1.map(\.cost) }).max()!
        func entry(_ name: String, _ points: [CostQualityPoint]) throws(EvaluationError) -> Entry {
            let frontier = try CostQualityFrontier(points: points)
            let top = frontier.vertices[frontier.vertices.count - 1]
            let reach = Self.reachCost(frontier, quality: best.1.quality)
            let (common, own) = try Self.aiq(frontier, maxCost: maxCost)
            return Entry(
                name: name, aiq: common, aiqOwnRange: own, maxQuality: top.quality, costAtMaxQuality: top.cost,
                reachCost: reach, reachShare: reach.map { best.1.cost > 0 ? $0 / best.1.cost : 0 }, frontier: frontier.vertices)
        }
        var modelEntries: [Entry] = []
        for (name, point) in models { modelEntries.append(try entry(name, [point])) }
        var policyEntries: [Entry] = []
        for (name, points) in policies { policyEntries.append(try entry(name, points)) }
        self.title = title
        self.rows = rows
        self.best = best.0
        bestPoint = best.1
        self.maxCost = maxCost
        self.models = modelEntries
        self.policies = policyEntries
        let rc = policyEntries.first { $0.name == CascadePolicy.routerCascade.rawValue }
        let others = (modelEntries + policyEntries).filter { $0.name != CascadePolicy.routerCascade.rawValue }
        routerCascadeHasHighestAIQ = rc.map { r in others.allSatisfy { r.aiq > $0.aiq } } ?? false
        routerCascadeReachesBestWithin40Percent = rc?.reachShare.map { $0 <= 0.4 } ?? false
    }

    /// AIQ over [0, maxCost], the height 0 below the frontier's cheapest point, and over
    /// [cheapest point, maxCost]; both flat after the best point.
    public static func aiq(_ frontier: CostQualityFrontier, maxCost: Double) throws(EvaluationError) -> (common: Double, own: Double) {
        let start = frontier.vertices[0].cost
        guard maxCost > start else { return (0, frontier.quality(atCost: start)!) }
        let own = try frontier.aiq(maxCost: maxCost)
        return (own * (maxCost - start) / maxCost, own)
    }

    /// The least cost at which `frontier` reaches `quality`, interpolating along its hull.
    static func reachCost(_ frontier: CostQualityFrontier, quality: Double) -> Double? {
        let v = frontier.vertices
        guard let k = v.firstIndex(where: { $0.quality >= quality - 1e-12 }) else { return nil }
        guard k > 0 else { return v[0].cost }
        let a = v[k - 1], b = v[k]
        return a.cost + (quality - a.quality) / (b.quality - a.quality) * (b.cost - a.cost)
    }
}
