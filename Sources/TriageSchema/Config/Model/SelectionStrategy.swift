/// How a group picks one of its healthy deployments for an attempt. Decoded once from the
/// config; the gateway switches over the case, never over the name.
public enum SelectionStrategy: String, Sendable, Equatable, CaseIterable {
    /// At random, in proportion to each deployment's `weight`.
    case weighted
    /// The deployment with the fewest requests in flight (ties at random).
    case leastBusy = "least_busy"
    /// The deployment with the lowest recent latency (time to first token when streaming).
    case latency
    /// The deployment with the lowest price for the request's estimated tokens.
    case cost
    /// The lowest `priority` value; ties by `weight`. Others serve only while it is unhealthy.
    case priority
}
