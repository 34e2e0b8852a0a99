import Foundation

/// The SQLite request log's writing connection, used by its queue's writer thread alone:
/// inserts batches, one transaction each, and prunes rows past the retention period.
final class SQLiteRequestWriter: @unchecked Sendable {
    // @unchecked: only the queue's writer thread calls it after init.
    private let connection: SQLiteConnection
    private let insert: SQLiteStatement
    private let retention: Duration?
    private var lastPrune: Date?

    init(path: String, retention: Duration?) throws(SQLiteError) {
        connection = try SQLiteConnection(path: path)
        try TelemetrySchema.migrate(connection)
        insert = try connection.prepare("""
            INSERT OR REPLACE INTO requests (id, time, api_key, model, served_group, deployment, status, latency_ms, ttft_ms,
                prompt_tokens, completion_tokens, cost_usd, features, prompt, decision, cascade, attempts, episode_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
            """)
        self.retention = retention
    }

    /// Commits `batch` in one transaction; false when it failed (and nothing of it was kept).
    func write(_ batch: [RequestRecord]) -> Bool {
        do throws(SQLiteError) {
            try connection.transaction { () throws(SQLiteError) in
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
            return true
        } catch {
            return false
        }
    }

    /// Deletes rows past the retention period, at most once an hour.
    func pruneIfDue(now: Date = Date()) {
        guard let retention else { return }
        if let last = lastPrune, now.timeIntervalSince(last) < 3_600 { return }
        lastPrune = now
        let cutoff = now.timeIntervalSince1970 - RequestLogQueue.seconds(retention)
        try? connection.transaction { () throws(SQLiteError) in
            try connection.execute("DELETE FROM feedback WHERE time < \(cutoff)", context: "prune feedback")
            try connection.execute("DELETE FROM requests WHERE time < \(cutoff)", context: "prune requests")
        }
    }
}
