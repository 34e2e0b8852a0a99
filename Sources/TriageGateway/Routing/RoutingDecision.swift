import TriageCore

/// Which candidate a routed model chose for one request, and why: what the request log keeps
/// so the decision can be replayed and judged later.
struct RoutingDecision: Sendable {
    /// Index into the routed model's candidates.
    var candidate: Int
    /// The score the policy compared: `strong_win` for two-way policies, the chosen
    /// candidate's predicted quality for `cost_aware`; nil without a router (cascade only).
    var score: Double?
    /// The threshold `score` was compared with (two-way policies).
    var threshold: Double?
    /// The policy's config name (`threshold`, `target_share`, `cost_aware`), or `cascade`.
    var policy: String = "cascade"
    /// RouteLLM's strong_win of the last candidate over the first, for two-candidate routers:
    /// what a threshold policy replayed on the log compares.
    var strongWin: Double?
    /// The router head each candidate stands for, for retraining from the log.
    var heads: [String] = []
    /// Each candidate's predicted quality from the router; empty without one.
    var predicted: [Double] = []
    /// λ for `cost_aware`.
    var lambda: Double?
    /// The probability with which the policy picked `candidate` (1 for these deterministic
    /// policies; a bandit's exploration logs less).
    var probability: Double = 1
    /// The request's threshold or λ came from its `triage` object.
    var overridden = false
    /// The features the router read, for replay and retraining.
    var features: PromptFeatures?
    /// With learning: the bandit's context and each arm's prior, so feedback can update the
    /// chosen arm later; and the episode the request belongs to.
    var context: [Double]?
    var prior: [Double]?
    var episode: String?
}
