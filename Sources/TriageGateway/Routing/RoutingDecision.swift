/// Which candidate a routed model chose for one request, and why.
struct RoutingDecision: Sendable {
    /// Index into the routed model's candidates.
    var candidate: Int
    /// The score the policy compared: `strong_win` for two-way policies, the chosen
    /// candidate's predicted quality for `cost_aware`; nil without a router (cascade only).
    var score: Double?
    /// The threshold `score` was compared with (two-way policies).
    var threshold: Double?
}
