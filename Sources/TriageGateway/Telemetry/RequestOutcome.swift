import TriageSchema

/// How one request ended, as the request log records it.
struct RequestOutcome: Sendable {
    var status: Int
    var group: ModelGroup?
    var deployment: Deployment?
    var usage: Usage?
    /// USD of every upstream call the request made.
    var cost: Double?
    /// For streams: time to the first chunk.
    var timeToFirstToken: Duration?
    /// Upstream attempts made, and the failed ones with their error classes.
    var attempts: Int = 0
    var failures: [ExecutionFailure.Attempt] = []
}
