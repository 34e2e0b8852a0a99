/// Where and how the gateway records each request for replay, retraining and feedback.
public struct TelemetrySettings: Sendable, Equatable {
    /// The SQLite file; nil records nothing. Relative to the working directory.
    public var path: String?
    /// Keep each prompt's text beside its routing features. Off by default: features are
    /// enough to replay and retrain the router, and prompts may hold what users would not
    /// want kept.
    public var storePrompts: Bool
    /// Keep each routed request's routing features (for replay and retraining). On by default;
    /// off keeps neither features nor prompts, only the decision's numbers.
    public var storeFeatures: Bool
    /// Rows older than this many days are deleted; 0 keeps them forever.
    public var retentionDays: Int
    /// Records waiting to be written before new ones are dropped (and counted).
    public var queueCapacity: Int
    /// Records per write transaction at most.
    public var batchSize: Int
    /// How long a record may wait for its batch: the most a `kill -9` loses while the writer
    /// keeps up.
    public var flushInterval: Duration

    public init(
        path: String? = nil, storePrompts: Bool = false, storeFeatures: Bool = true, retentionDays: Int = 30, queueCapacity: Int = 10_000,
        batchSize: Int = 512, flushInterval: Duration = .milliseconds(200)
    ) {
        self.path = path
        self.storePrompts = storePrompts
        self.storeFeatures = storeFeatures
        self.retentionDays = retentionDays
        self.queueCapacity = queueCapacity
        self.batchSize = batchSize
        self.flushInterval = flushInterval
    }
}
