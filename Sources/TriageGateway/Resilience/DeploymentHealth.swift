import DequeModule

/// What the gateway knows about one deployment: recent speed, load, failures and whether it
/// is in rotation. Plain data; `HealthRegistry` owns the instances and their lock.
public struct DeploymentHealth: Sendable {
    /// Weight of the newest sample in the moving averages: about the last ten requests count.
    static let smoothing = 0.2
    /// Time-to-first-token samples kept for the p95 that percentile hedging waits for.
    static let ttftSampleLimit = 128

    /// Moving average of whole-attempt latency, seconds.
    public internal(set) var latency: Double?
    /// Moving average of time to first token (streams) or to the whole answer, seconds.
    public internal(set) var timeToFirstToken: Double?
    public internal(set) var inFlight = 0
    public internal(set) var consecutiveFailures = 0
    public internal(set) var circuit = CircuitState.closed
    public internal(set) var override = HealthOverride.auto
    /// Attempt outcomes inside the error-rate window, oldest first.
    var outcomes = Deque<(at: ContinuousClock.Instant, failed: Bool)>()
    var ttftSamples: [Double] = []
    var nextSample = 0
    /// Starts of requests and their token counts over the last minute, for rpm and tpm limits.
    var minute = Deque<(at: ContinuousClock.Instant, tokens: Int)>()

    /// Share of failed attempts in the window; nil without attempts.
    public var errorRate: Double? {
        outcomes.isEmpty ? nil : Double(outcomes.count { $0.failed }) / Double(outcomes.count)
    }

    /// A percentile (0–100) of recent times to first token, in seconds, once there are 20
    /// samples; fewer say too little about a deployment's normal.
    public func timeToFirstTokenPercentile(_ p: Double) -> Double? {
        guard ttftSamples.count >= 20 else { return nil }
        let sorted = ttftSamples.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p / 100).rounded()))]
    }

    /// An exponentially weighted moving average moved toward `sample`.
    static func average(_ value: Double?, _ sample: Double) -> Double {
        value.map { $0 + smoothing * (sample - $0) } ?? sample
    }

    mutating func addTTFT(_ seconds: Double) {
        if ttftSamples.count < Self.ttftSampleLimit {
            ttftSamples.append(seconds)
        } else {
            ttftSamples[nextSample] = seconds
        }
        nextSample = (nextSample + 1) % Self.ttftSampleLimit
    }

    /// Forgets outcomes older than the error-rate window (and beyond a bound, so a deployment
    /// serving thousands of requests a second keeps a fixed memory).
    mutating func prune(before cutoff: ContinuousClock.Instant) {
        while let first = outcomes.first, first.at < cutoff || outcomes.count > 4096 { outcomes.removeFirst() }
    }

    mutating func pruneMinute(before cutoff: ContinuousClock.Instant) {
        while let first = minute.first, first.at < cutoff { minute.removeFirst() }
    }
}
