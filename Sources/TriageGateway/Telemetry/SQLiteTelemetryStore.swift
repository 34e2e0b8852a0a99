import Foundation

/// The embedded telemetry store: one SQLite file in WAL mode, written off the request path.
///
/// `record` only appends to a bounded in-memory queue under a lock; a dedicated thread takes
/// batches from it and commits each in one transaction (`RequestLogQueue`). `flush` waits for
/// what was queued before it; `close` flushes and stops the thread. Reads use their own
/// connection, which WAL lets run beside the writer. The `async` calls of `TelemetryStore` run
/// inline on the caller, as these calls always have: a local read takes microseconds.
public final class SQLiteTelemetryStore: TelemetryStore, @unchecked Sendable {
    // @unchecked: the reading connection is guarded by `readerLock`; the rest is immutable or
    // guards itself.
    public let path: String
    public let settings: TelemetryStoreSettings
    private let queue: RequestLogQueue
    private let readerConnection: SQLiteConnection
    private let readerLock = NSLock()

    public init(path: String, settings: TelemetryStoreSettings = TelemetryStoreSettings()) throws(SQLiteError) {
        self.path = path
        self.settings = settings
        let writer = try SQLiteRequestWriter(path: path, retention: settings.retention)
        readerConnection = try SQLiteConnection(path: path)
        queue = RequestLogQueue(settings: settings, threadName: "triage-telemetry", write: { writer.write($0) },
                                maintain: { writer.pruneIfDue() })
    }

    deinit {
        close()
    }

    /// Queues a record for writing; false when the queue is full and the record was dropped.
    @discardableResult
    public func record(_ record: RequestRecord) -> Bool {
        queue.record(record)
    }

    /// Blocks until every record queued before the call is committed (or failed).
    public func flush() {
        queue.flush()
    }

    public func flushed() async {
        await queue.flushed()
    }

    /// Writes what is queued and stops the writer; later records are dropped.
    public func close() {
        queue.close()
    }

    public func shutdown() async {
        await queue.closed()
    }

    /// Counters for metrics: written, dropped because the queue was full, lost to write errors.
    public var counts: (written: Int, dropped: Int, failed: Int, queued: Int) {
        queue.counts
    }

    public var location: String { path }

    // MARK: Reading

    public func request(id: String) async throws(StoreError) -> RequestRecord? {
        try reading { db throws(SQLiteError) -> RequestRecord? in
            let s = try db.prepare("""
                SELECT id, time, api_key, model, served_group, deployment, status, latency_ms, ttft_ms, prompt_tokens,
                       completion_tokens, cost_usd, features, prompt, decision, cascade, attempts, episode_id
                FROM requests WHERE id = ?1
                """)
            s.bind(1, id)
            guard try s.step() else { return nil }
            return RequestRecord(
                id: s.text(0) ?? "", time: Date(timeIntervalSince1970: s.double(1) ?? 0), apiKey: s.text(2), model: s.text(3) ?? "",
                servedGroup: s.text(4), deployment: s.text(5), status: Int(s.int64(6)), latencyMs: s.double(7), ttftMs: s.double(8),
                promptTokens: s.isNull(9) ? nil : Int(s.int64(9)), completionTokens: s.isNull(10) ? nil : Int(s.int64(10)),
                costUSD: s.double(11), features: s.blob(12), prompt: s.text(13), decision: s.text(14), cascade: s.text(15),
                attempts: s.text(16), episodeID: s.text(17))
        }
    }

    /// Written at once on the reading connection, in one transaction.
    public func recordFeedback(
        requestID: String, metric: String, value: Double, episodeID: String?, comment: String?, at time: Date
    ) async throws(StoreError) -> (id: String, previous: Double?)? {
        func logged() throws(StoreError) -> Bool {
            try reading { db throws(SQLiteError) in
                let known = try db.prepare("SELECT 1 FROM requests WHERE id = ?1")
                known.bind(1, requestID)
                return try known.step()  // the statement is finalised here, ending its read
            }
        }
        // The request may still be queued, or in a batch being written: write it first.
        if try !logged() {
            await queue.flushed()
            guard try logged() else { return nil }
        }
        return try reading { db throws(SQLiteError) -> (id: String, previous: Double?)? in
          try db.transaction { () throws(SQLiteError) -> (id: String, previous: Double?)? in
            var previous: Double?
            do {
                let earlier = try db.prepare("SELECT value FROM feedback WHERE request_id = ?1 AND metric = ?2")
                earlier.bind(1, requestID)
                earlier.bind(2, metric)
                if try earlier.step() { previous = earlier.double(0) }
            }
            let upsert = try db.prepare("""
                INSERT INTO feedback (id, request_id, metric, value, episode_id, comment, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                ON CONFLICT (request_id, metric) DO UPDATE SET value = excluded.value, episode_id = excluded.episode_id,
                    comment = excluded.comment, time = excluded.time
                RETURNING id
                """)
            let fresh = "fb-" + UUID().uuidString.lowercased()
            upsert.bind(1, fresh)
            upsert.bind(2, requestID)
            upsert.bind(3, metric)
            upsert.bind(4, value)
            upsert.bind(5, episodeID)
            upsert.bind(6, comment)
            upsert.bind(7, time.timeIntervalSince1970)
            guard try upsert.step(), let id = upsert.text(0) else { return nil }
            _ = try? upsert.step()  // finish the statement so the write commits
            return (id, id == fresh ? nil : (previous ?? value))
          }
        }
    }

    public func feedback(requestID: String) async throws(StoreError) -> [String: (id: String, value: Double)] {
        try reading { db throws(SQLiteError) in
            let s = try db.prepare("SELECT metric, id, value FROM feedback WHERE request_id = ?1")
            s.bind(1, requestID)
            var out: [String: (id: String, value: Double)] = [:]
            while try s.step() { out[s.text(0) ?? ""] = (s.text(1) ?? "", s.double(2) ?? 0) }
            return out
        }
    }

    /// Scans a read-only connection of its own on a Dispatch thread: never the server's event
    /// loops or the concurrency pool, and never the store's reader, which feedback needs meanwhile.
    public func summary(from start: Date, to end: Date) async throws(StoreError) -> TelemetrySummary {
        let path = self.path
        let result: Result<TelemetrySummary, SQLiteError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                do throws(SQLiteError) {
                    continuation.resume(returning: .success(try TelemetrySummarizer.summarize(path: path, from: start, to: end)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.mapError(StoreError.init).get()
    }

    /// Runs `body` on the reading connection (which also takes the small synchronous writes:
    /// feedback, bandit statistics).
    func withReader<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        readerLock.lock()
        defer { readerLock.unlock() }
        return try body(readerConnection)
    }

    /// `withReader`, with SQLite's error turned into the store's.
    func reading<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        do throws(SQLiteError) {
            return try withReader(body)
        } catch {
            throw StoreError(error)
        }
    }

    /// Rows in the requests table.
    public func requestCount() throws(SQLiteError) -> Int {
        try withReader { db throws(SQLiteError) in Int(try db.integer("SELECT count(*) FROM requests") ?? 0) }
    }

    /// `PRAGMA integrity_check`'s verdict: ["ok"] for a sound file.
    public func integrityCheck() throws(SQLiteError) -> [String] {
        try withReader { db throws(SQLiteError) in try db.strings("PRAGMA integrity_check") }
    }

    /// The schema version (migrations applied).
    public func schemaVersion() throws(SQLiteError) -> Int {
        try withReader { db throws(SQLiteError) in Int(try db.integer("PRAGMA user_version") ?? 0) }
    }
}
