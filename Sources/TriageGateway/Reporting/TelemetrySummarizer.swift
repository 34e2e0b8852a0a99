import Foundation
import TriageSchema

/// Builds a `TelemetrySummary` by reading an SQLite request log's rows in a time range once
/// (`triage report --db`, and the SQLite store's dashboard).
public enum TelemetrySummarizer {
    /// The shortest round bucket (a minute, 5 or 15 minutes, an hour, 6 hours, a day, a week,
    /// then whole multiples of 30 days) that cuts `range` into at most 48 points, so a chart
    /// shows a shape whatever the range.
    public static func bucketSeconds(for range: TimeInterval) -> TimeInterval {
        if let round = [60.0, 300, 900, 3_600, 21_600, 86_400, 604_800].first(where: { range / $0 <= 48 }) { return round }
        return (range / 48 / 2_592_000).rounded(.up) * 2_592_000
    }

    /// Most buckets a summary is drawn with (a chart of more says nothing more).
    public static let maxBuckets = 1_000

    /// Summarises the log at `path`, read through a read-only connection of its own: nothing
    /// is written (a report may read a log a running gateway owns) and the gateway's own
    /// reader is never held for the scan.
    /// - Parameters:
    ///   - progress: rows read so far, every 50,000 rows, for long logs.
    public static func summarize(
        path: String, from start: Date? = nil, to end: Date? = nil, bucketSeconds: TimeInterval? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws(SQLiteError) -> TelemetrySummary {
        let db = try SQLiteConnection(path: path, readOnly: true)
        guard try db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('requests', 'feedback')") == 2 else {
            throw SQLiteError(code: 0, message: "not a Triage request log (no requests and feedback tables)", context: "open \(path)")
        }
        return try summarize(db, from: start, to: end, bucketSeconds: bucketSeconds, progress: progress)
    }

    /// The store's own file, read as `summarize(path:)` reads it.
    public static func summarize(
        _ store: SQLiteTelemetryStore, from start: Date? = nil, to end: Date? = nil, bucketSeconds: TimeInterval? = nil,
        progress: (Int) -> Void = { _ in }
    ) throws(SQLiteError) -> TelemetrySummary {
        try summarize(path: store.path, from: start, to: end, bucketSeconds: bucketSeconds, progress: progress)
    }

    private static func summarize(
        _ db: SQLiteConnection, from start: Date?, to end: Date?, bucketSeconds: TimeInterval?, progress: (Int) -> Void
    ) throws(SQLiteError) -> TelemetrySummary {
        // The range defaults to what the log holds.
        let bounds = try db.prepare("SELECT MIN(time), MAX(time) FROM requests")
        _ = try bounds.step()
        let first = start ?? bounds.double(0).map(Date.init(timeIntervalSince1970:)) ?? Date(timeIntervalSince1970: 0)
        let last = end ?? bounds.double(1).map { Date(timeIntervalSince1970: $0 + 1) } ?? first.addingTimeInterval(3_600)
        guard var builder = TelemetrySummaryBuilder(start: first, end: last, bucketSeconds: bucketSeconds) else {
            throw SQLiteError(code: 0, message: TelemetrySummaryBuilder.rangeProblem(bucketSeconds: bucketSeconds, start: first, end: last),
                              context: "summarise")
        }
        let rows = try db.prepare("""
            SELECT time, model, served_group, deployment, status, latency_ms, cost_usd, api_key, decision, cascade, attempts
            FROM requests WHERE time >= ?1 AND time < ?2 ORDER BY time
            """)
        rows.bind(1, first.timeIntervalSince1970)
        rows.bind(2, last.timeIntervalSince1970)
        var scanned = 0
        while try rows.step() {
            builder.add(.init(
                time: rows.double(0) ?? 0, model: rows.text(1) ?? "", servedGroup: rows.text(2), deployment: rows.text(3),
                status: Int(rows.int64(4)), latencyMs: rows.double(5), costUSD: rows.double(6), apiKey: rows.text(7),
                decision: rows.text(8), cascade: rows.text(9), attempts: rows.text(10)))
            scanned += 1
            if scanned % 50_000 == 0 { progress(scanned) }
        }
        // Feedback of the routed models that learn (their decisions carry priors).
        let feedback = try db.prepare(feedbackQuery)
        feedback.bind(1, first.timeIntervalSince1970)
        feedback.bind(2, last.timeIntervalSince1970)
        while try feedback.step() {
            builder.addFeedback(time: feedback.double(0) ?? 0, label: feedback.text(1) ?? "", value: feedback.double(2) ?? 0)
        }
        return builder.finish()
    }

    /// Feedback on learning models' requests in [?1, ?2): the request's time, "<model> · <metric>",
    /// the value. The same text in SQLite and PostgreSQL (with `$n` for `?n`).
    static let feedbackQuery = """
        SELECT r.time, r.model || ' · ' || f.metric, f.value FROM feedback f JOIN requests r ON r.id = f.request_id
        WHERE r.time >= ?1 AND r.time < ?2 AND r.decision LIKE '%"prior"%'
        """
}
