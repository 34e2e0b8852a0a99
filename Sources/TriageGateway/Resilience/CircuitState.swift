/// A deployment's circuit breaker.
public enum CircuitState: Sendable, Equatable {
    /// In rotation.
    case closed
    /// Cooling down: skipped until `until`.
    case open(until: ContinuousClock.Instant)
    /// The cooldown ended: one request probes the deployment; `probing` while it is out.
    case halfOpen(probing: Bool)

    /// The label used in metrics and `/health/deployments`.
    public var label: String {
        switch self {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
    }
}
