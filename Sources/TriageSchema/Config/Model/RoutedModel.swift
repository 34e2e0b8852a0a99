/// A model name clients send (for example `triage/auto`) that Triage answers by choosing among
/// candidate model groups: a learned router picks where to start, a cascade decides whether
/// to climb from there, or both (cascade routing).
public struct RoutedModel: Sendable, Equatable {
    /// What clients send as `model`; must not collide with a model group.
    public var name: String
    /// Path of the `.triage` router file; required with a `policy`. Relative paths resolve
    /// against the working directory, then against the directories above the `triage`
    /// executable, so the shipped `Models/router.triage` is found from a build tree.
    public var router: String?
    /// Chat groups ordered cheap → frontier; the last is the "strong" side of two-way policies
    /// and a cascade's final tier.
    public var candidates: [RoutedCandidate]
    /// How the router picks a candidate; nil starts every request at the first (cascade only).
    public var policy: RoutingPolicy?
    /// Verify answers and escalate through the later candidates; nil serves the chosen one.
    public var cascade: CascadeSettings?
    /// Learn from feedback which candidate each request needs; nil routes by the policy alone.
    public var learning: LearningSettings?

    public init(
        name: String, router: String? = nil, candidates: [RoutedCandidate],
        policy: RoutingPolicy? = nil, cascade: CascadeSettings? = nil, learning: LearningSettings? = nil
    ) {
        self.name = name
        self.router = router
        self.candidates = candidates
        self.policy = policy
        self.cascade = cascade
        self.learning = learning
    }
}
