import Foundation
import PostgresNIO
import TriageCore

/// The request log, feedback and bandit statistics in PostgreSQL, for gateway replicas that
/// share them.
///
/// Records leave the request path through the same bounded queue as SQLite's
/// (`RequestLogQueue`), whose thread writes each batch in one transaction of multi-row inserts.
/// Reads and the small writes (feedback, arms) go through the shared pool and never block a
/// thread while the server answers.
final class PostgresTelemetryStore: TelemetryStore {
    let database: PostgresDatabase
    let settings: TelemetryStoreSettings
    private let queue: RequestLogQueue

    /// The requests table's columns, in the order `RequestRecord` lists its fields.
    static let requestColumns = """
        id, time, api_key, model, served_group, deployment, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, \
        cost_usd, features, prompt, decision, cascade, attempts, episode_id
        """

    init(database: PostgresDatabase, settings: TelemetryStoreSettings) {
        self.database = database
        self.settings = settings
        let writer = PostgresRequestWriter(database: database, retention: settings.retention)
        queue = RequestLogQueue(settings: settings, threadName: "triage-telemetry", write: { writer.write($0) },
                                maintain: { writer.pruneIfDue() })
    }

    deinit {
        // Without a `shutdown()`: the writer still writes what is queued, and its thread ends.
        // Not waited for here: the last batch may need the event loop this runs on.
        queue.closeInBackground()
    }

    @discardableResult
    func record(_ record: RequestRecord) -> Bool {
        queue.record(record)
    }

    func flushed() async {
        await queue.flushed()
    }

    func shutdown() async {
        await queue.closed()
    }

    var counts: (written: Int, dropped: Int, failed: Int, queued: Int) { queue.counts }

    var location: String { database.url.redacted }

    func request(id: String) async throws(StoreError) -> RequestRecord? {
        try await database.run("read request \(id)") { client in
            for try await row in try await client.query("SELECT \(unescaped: Self.requestColumns) FROM requests WHERE id = \(id)") {
                let r = PostgresRowReader(row)
                return RequestRecord(
                    id: try r.text(0) ?? "", time: Date(timeIntervalSince1970: try r.double(1) ?? 0), apiKey: try r.text(2),
                    model: try r.text(3) ?? "", servedGroup: try r.text(4), deployment: try r.text(5), status: try r.int(6) ?? 0,
                    latencyMs: try r.double(7), ttftMs: try r.double(8), promptTokens: try r.int(9), completionTokens: try r.int(10),
                    costUSD: try r.double(11), features: try r.bytes(12), prompt: try r.text(13), decision: try r.text(14),
                    cascade: try r.text(15), attempts: try r.text(16), episodeID: try r.text(17))
            }
            return nil
        }
    }

    private func isLogged(_ requestID: String) async throws(StoreError) -> Bool {
        try await database.run("look up request \(requestID)") { client in
            for try await _ in try await client.query("SELECT 1 FROM requests WHERE id = \(requestID)") { return true }
            return false
        }
    }

    /// One statement: the value it replaces is read from the snapshot the upsert starts from.
    func recordFeedback(
        requestID: String, metric: String, value: Double, episodeID: String?, comment: String?, at time: Date
    ) async throws(StoreError) -> (id: String, previous: Double?)? {
        // The request may still be queued, or in a batch being written: write it first.
        if try await !isLogged(requestID) {
            await queue.flushed()
            guard try await isLogged(requestID) else { return nil }
        }
        let fresh = "fb-" + UUID().uuidString.lowercased()
        let stamp = time.timeIntervalSince1970
        let stored: (id: String, previous: Double?)? = try await database.run("store feedback for \(requestID)") { client in
            let rows = try await client.query("""
                WITH earlier AS (SELECT value FROM feedback WHERE request_id = \(requestID) AND metric = \(metric))
                INSERT INTO feedback (id, request_id, metric, value, episode_id, comment, time)
                VALUES (\(fresh), \(requestID), \(metric), \(value), \(episodeID), \(comment), \(stamp))
                ON CONFLICT (request_id, metric) DO UPDATE SET value = EXCLUDED.value, episode_id = EXCLUDED.episode_id,
                    comment = EXCLUDED.comment, time = EXCLUDED.time
                RETURNING id, (SELECT value FROM earlier)
                """)
            for try await (id, previous) in rows.decode((String, Double?).self) { return (id, previous) }
            return nil
        }
        guard let stored else { return nil }
        return (stored.id, stored.id == fresh ? nil : (stored.previous ?? value))
    }

    func feedback(requestID: String) async throws(StoreError) -> [String: (id: String, value: Double)] {
        try await database.run("read feedback for \(requestID)") { client in
            var out: [String: (id: String, value: Double)] = [:]
            for try await (metric, id, value) in try await client.query(
                "SELECT metric, id, value FROM feedback WHERE request_id = \(requestID)").decode((String, String, Double).self) {
                out[metric] = (id, value)
            }
            return out
        }
    }
}
