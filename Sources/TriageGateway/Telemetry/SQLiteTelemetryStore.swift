import DequeModule
import Foundation
import Synchronization

/// The embedded telemetry store: one SQLite file in WAL mode, written off the request path.
///
/// `record` only appends to a bounded in-memory queue under a lock; a dedicated thread takes
/// batches from it and commits each in one transaction. `flush` waits for what was queued
/// before it; `close` flushes and stops the thread. Reads use their own connection, which
/// WAL lets run beside the writer.
public final class SQLiteTelemetryStore: @unchecked Sendable {
    // @unchecked: every mutable member below is guarded by `condition`, except the writer
    // connection and statement, which only the writer thread touches after init, and the
    // reading connection, guarded by `readerLock`.
    public let path: String
    public let settings: TelemetryStoreSettings
    private let condition = NSCondition()
    private var queue: Deque<RequestRecord> = []
    private var firstQueuedAt: Date?
    private var queuedCount = 0
    private var committedCount = 0
    private var droppedCount = 0
    private var failedCount = 0
    private var flushWanted = false
    private var closing = false
    private var stopped = false
    private let writerConnection: SQLiteConnection
    private let insert: SQLiteStatement
    private let readerConnection: SQLiteConnection
    private let readerLock = NSLock()
    private var lastPrune: Date?

    public init(path: String, settings: TelemetryStoreSettings = TelemetryStoreSettings()) throws(SQLiteError) {
        self.path = path
        self.settings = settings
        writerConnection = try SQLiteConnection(path: path)
        try TelemetrySchema.migrate(writerConnection)
        insert = try writerConnection.prepare("""
            INSERT OR REPLACE INTO requests (id, time, api_key, model, served_group, deployment, status, latency_ms, ttft_ms,
                prompt_tokens, completion_tokens, cost_usd, features, prompt, decision, cascade, attempts, episode_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
            """)
        readerConnection = try SQLiteConnection(path: path)
        // The thread holds the store until `close()` ends its loop: callers must close.
        let thread = Thread { self.writeLoop() }
        thread.name = "triage-telemetry"
        thread.start()
    }

    deinit {
        close()
    }

    /// Queues a record for writing; false when the queue is full and the record was dropped.
    @discardableResult
    public func record(_ record: RequestRecord) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing, queue.count < settings.capacity else {
            droppedCount += 1
            return false
        }
        queue.append(record)
        queuedCount += 1
        // Wake the writer for the first record of a batch (it then waits out the flush
        // interval) and for a full batch; in between it sleeps.
        if firstQueuedAt == nil {
            firstQueuedAt = Date()
            condition.broadcast()
        } else if queue.count >= settings.batchSize {
            condition.broadcast()
        }
        return true
    }

    /// Blocks until every record queued before the call is committed (or failed).
    public func flush() {
        condition.lock()
        defer { condition.unlock() }
        let target = queuedCount
        flushWanted = true
        condition.broadcast()
        while committedCount + failedCount < target, !stopped { condition.wait() }
    }

    /// Writes what is queued and stops the writer; later records are dropped.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    /// Counters for metrics: written, dropped because the queue was full, lost to write errors.
    public var counts: (written: Int, dropped: Int, failed: Int, queued: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (committedCount, droppedCount, failedCount, queue.count)
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while !closing {
                if flushWanted || queue.count >= settings.batchSize { break }
                if let first = firstQueuedAt {
                    let due = first.addingTimeInterval(Self.seconds(settings.flushInterval))
                    if Date() >= due { break }
                    _ = condition.wait(until: due)
                } else {
                    condition.wait()
                }
            }
            let batch = Array(queue.prefix(settings.batchSize))
            queue.removeFirst(batch.count)
            // What is left keeps the oldest record's time, so none waits past the interval.
            if queue.isEmpty { firstQueuedAt = nil }
            if queue.isEmpty { flushWanted = false }
            let finished = closing && queue.isEmpty
            condition.unlock()

            let error = batch.isEmpty ? nil : write(batch)
            pruneIfDue()

            condition.lock()
            if error != nil {
                failedCount += batch.count  // counted in metrics; the rows are lost, the gateway goes on
            } else {
                committedCount += batch.count
            }
            if finished { stopped = true }
            condition.broadcast()
            condition.unlock()
            if finished { return }
        }
    }

    private func write(_ batch: [RequestRecord]) -> SQLiteError? {
        do throws(SQLiteError) {
            try writerConnection.transaction { () throws(SQLiteError) in
                for r in batch {
                    insert.reset()
                    insert.bind(1, r.id)
                    insert.bind(2, r.time.timeIntervalSince1970)
                    insert.bind(3, r.apiKey)
                    insert.bind(4, r.model)
                    insert.bind(5, r.servedGroup)
                    insert.bind(6, r.deployment)
                    insert.bind(7, r.status)
                    insert.bind(8, r.latencyMs)
                    insert.bind(9, r.ttftMs)
                    insert.bind(10, r.promptTokens)
                    insert.bind(11, r.completionTokens)
                    insert.bind(12, r.costUSD)
                    insert.bind(13, r.features)
                    insert.bind(14, r.prompt)
                    insert.bind(15, r.decision)
                    insert.bind(16, r.cascade)
                    insert.bind(17, r.attempts)
                    insert.bind(18, r.episodeID)
                    try insert.step()
                }
            }
            return nil
        } catch {
            return error
        }
    }

    /// Deletes rows past the retention period, at most once an hour (writer thread only).
    private func pruneIfDue(now: Date = Date()) {
        guard let retention = settings.retention else { return }
        if let last = lastPrune, now.timeIntervalSince(last) < 3_600 { return }
        lastPrune = now
        let cutoff = now.timeIntervalSince1970 - Self.seconds(retention)
        try? writerConnection.transaction { () throws(SQLiteError) in
            try writerConnection.execute("DELETE FROM feedback WHERE time < \(cutoff)", context: "prune feedback")
            try writerConnection.execute("DELETE FROM requests WHERE time < \(cutoff)", context: "prune requests")
        }
    }

    // MARK: Reading

    /// The stored record with this id, if it has been written.
    public func request(id: String) throws(SQLiteError) -> RequestRecord? {
        try withReader { db throws(SQLiteError) -> RequestRecord? in
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

    /// Stores a feedback value for a logged request, once per (request, metric): a repeat
    /// replaces the value and keeps the first feedback id. Nil when no such request was logged;
    /// `previous` is the value a repeat replaced (nil for new feedback). Written at once on its
    /// own connection, in one transaction (feedback is rare and must not be lost).
    public func recordFeedback(
        requestID: String, metric: String, value: Double, episodeID: String?, comment: String?, at time: Date = Date()
    ) throws(SQLiteError) -> (id: String, previous: Double?)? {
        func logged() throws(SQLiteError) -> Bool {
            try withReader { db throws(SQLiteError) in
                let known = try db.prepare("SELECT 1 FROM requests WHERE id = ?1")
                known.bind(1, requestID)
                return try known.step()  // the statement is finalised here, ending its read
            }
        }
        // The request may still be queued, or in a batch being written: write it first.
        if try !logged() {
            flush()
            guard try logged() else { return nil }
        }
        return try withReader { db throws(SQLiteError) -> (id: String, previous: Double?)? in
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

    /// The feedback stored for a request, by metric: (feedback id, value).
    public func feedback(requestID: String) throws(SQLiteError) -> [String: (id: String, value: Double)] {
        try withReader { db throws(SQLiteError) in
            let s = try db.prepare("SELECT metric, id, value FROM feedback WHERE request_id = ?1")
            s.bind(1, requestID)
            var out: [String: (id: String, value: Double)] = [:]
            while try s.step() { out[s.text(0) ?? ""] = (s.text(1) ?? "", s.double(2) ?? 0) }
            return out
        }
    }

    /// Runs `body` on the reading connection (which also takes the small synchronous writes:
    /// feedback, bandit statistics).
    func withReader<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        readerLock.lock()
        defer { readerLock.unlock() }
        return try body(readerConnection)
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

    private static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
