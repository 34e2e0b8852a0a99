/// An operator's override of a deployment's health (`POST /health/deployments/{id}`).
public enum HealthOverride: String, Sendable, Equatable, CaseIterable {
    /// The circuit breaker decides.
    case auto
    /// Out of rotation whatever its health, for drills and to test fallbacks.
    case down
    /// In rotation whatever its health.
    case up
}
