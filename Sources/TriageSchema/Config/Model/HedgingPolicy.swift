/// Whether a slow attempt gets a parallel twin on another deployment; the first to produce a
/// token wins and the other is cancelled. Trades a little extra spend for tail latency.
public enum HedgingPolicy: Sendable, Equatable {
    /// One attempt at a time.
    case off
    /// Hedge when an attempt has produced nothing after a fixed delay.
    case afterDelay(Duration, maxHedges: Int)
    /// Hedge when an attempt has produced nothing after the deployment's own recent time to
    /// first token at this percentile (95 for p95), so each deployment is judged by its normal.
    /// Until a deployment has enough samples to estimate it, no hedge is sent.
    case afterPercentile(Double, maxHedges: Int)

    /// Extra attempts one request may start; 0 when off.
    public var maxHedges: Int {
        switch self {
        case .off: 0
        case .afterDelay(_, let n), .afterPercentile(_, let n): n
        }
    }
}
