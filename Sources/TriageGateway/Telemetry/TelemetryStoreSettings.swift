import TriageSchema

/// How the telemetry writer batches: the bound on memory, and on what a crash can lose.
public struct TelemetryStoreSettings: Sendable, Equatable {
    /// Records waiting to be written; beyond it new records are dropped (and counted), never
    /// waited for, so a slow disk cannot slow requests.
    public var capacity: Int
    /// Records written per transaction at most.
    public var batchSize: Int
    /// How long a record may wait for its batch to fill. A `kill -9` loses at most the records
    /// queued in this interval (while the writer keeps up; at worst `capacity` records).
    public var flushInterval: Duration
    /// Requests and feedback older than this are deleted (with the first batch written, then hourly); nil keeps all.
    public var retention: Duration?

    public init(capacity: Int = 10_000, batchSize: Int = 512, flushInterval: Duration = .milliseconds(200), retention: Duration? = nil) {
        self.capacity = capacity
        self.batchSize = batchSize
        self.flushInterval = flushInterval
        self.retention = retention
    }

    /// The settings a gateway config asks for.
    public init(_ config: TelemetrySettings) {
        self.init(capacity: config.queueCapacity, batchSize: config.batchSize, flushInterval: config.flushInterval,
                  retention: config.retentionDays > 0 ? .seconds(config.retentionDays * 86_400) : nil)
    }
}
