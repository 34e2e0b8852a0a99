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

    public init(capacity: Int = 10_000, batchSize: Int = 512, flushInterval: Duration = .milliseconds(200)) {
        self.capacity = capacity
        self.batchSize = batchSize
        self.flushInterval = flushInterval
    }
}
