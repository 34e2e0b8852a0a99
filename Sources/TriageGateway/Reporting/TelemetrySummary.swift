import Foundation

/// What the request log says about a time range, bucketed for charts: traffic and spend per
/// model and per key, each routed model's share per tier, retry and fallback rates, latency
/// percentiles per deployment, and each learning model's exploration and reward. Plain values,
/// for `triage report` and the gateway's `/dashboard` alike.
public struct TelemetrySummary: Sendable, Equatable {
    /// Latency of one deployment over the range, in milliseconds.
    public struct Latency: Sendable, Equatable {
        public var deployment: String
        public var requests: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
    }

    public var start: Date
    public var end: Date
    /// Length of each bucket in seconds; bucket `i` starts at `start + i × bucketSeconds`.
    public var bucketSeconds: TimeInterval
    public var bucketCount: Int
    public var requests = 0
    public var spendUSD = 0.0
    /// Answers with a status other than 200.
    public var errors = 0
    /// Requests per bucket, by the model the client asked for.
    public var requestsByModel: [String: [Double]] = [:]
    /// USD per bucket, by the model the client asked for.
    public var spendByModel: [String: [Double]] = [:]
    /// Requests and USD per bucket, by virtual key token (its first 12 digits; `master or open`
    /// for the rest).
    public var requestsByKey: [String: [Double]] = [:]
    public var spendByKey: [String: [Double]] = [:]
    /// Per routed model: the share of its requests each group answered, per bucket.
    public var tierShare: [String: [String: [Double]]] = [:]
    /// Share of requests per bucket that needed more than one attempt, and that a fallback
    /// group answered.
    public var retryRate: [Double] = []
    public var fallbackRate: [Double] = []
    public var latency: [Latency] = []
    /// Per learning routed model: the share of decisions per bucket that took an arm other than
    /// the most probable one, and the mean feedback value per bucket (nil without feedback).
    public var explorationShare: [String: [Double]] = [:]
    public var meanReward: [String: [Double?]] = [:]

    /// An empty summary of `bucketCount` buckets from `start`.
    public init(start: Date, end: Date, bucketSeconds: TimeInterval, bucketCount: Int) {
        self.start = start
        self.end = end
        self.bucketSeconds = bucketSeconds
        self.bucketCount = bucketCount
    }

    /// The bucket starts, for an x axis.
    public var bucketStarts: [Date] { (0..<bucketCount).map { start.addingTimeInterval(Double($0) * bucketSeconds) } }
}
