/// The routing policies a cascade evaluation compares against each model alone.
public enum CascadePolicy: String, CaseIterable, Sendable, Codable {
    /// argmax_m (predicted_m − λ·cost_m) over every model; the choice is final.
    case routerOnly = "router only"
    /// The chain from tier 1; the verifier decides each escalation.
    case cascadeOnly = "cascade only"
    /// The router picks the start tier among the chain's models; the verifier escalates from there.
    case routerCascade = "router + cascade"
}
