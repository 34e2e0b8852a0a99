/// Everything the gateway records about its traffic: the request log, feedback on it, the
/// bandits' statistics learned from that feedback, and the summaries the dashboard draws.
///
/// Why four small protocols and one composition: each consumer depends on the seam it uses
/// (the request path on `RequestLog` alone, learning on `BanditStatisticsStore`), and the
/// later multi-replica work changes one seam at a time (merging bandit statistics across
/// replicas touches only `BanditStatisticsStore`).
///
/// Why `async`: PostgreSQL answers over the network, and the request path must never block
/// an event loop on it. The SQLite store answers from a local file in microseconds and runs
/// its calls inline on the caller, as it always has; only `record` must never wait, and it is
/// synchronous in both.
///
/// Keys, teams and the spend ledger are the other half of the store: `GovernanceStore`.
public typealias TelemetryStore = RequestLog & FeedbackStore & BanditStatisticsStore & RequestLogSummaries
