import Foundation
import PostgresNIO

/// Writes the PostgreSQL request log's batches for its queue's writer thread: one transaction
/// per batch, many rows per statement, and the hourly pruning of rows past the retention.
final class PostgresRequestWriter: @unchecked Sendable {
    // @unchecked: `lastPrune` is only touched by the queue's writer thread.
    private let database: PostgresDatabase
    private let retention: Duration?
    private var lastPrune: Date?

    /// Rows per INSERT: 18 parameters each, well under PostgreSQL's 65,535 per statement.
    static let rowsPerStatement = 1_000

    init(database: PostgresDatabase, retention: Duration?) {
        self.database = database
        self.retention = retention
    }

    /// How long one batch is retried while the server cannot be reached. Meanwhile new
    /// records wait in the queue, whose capacity bounds the memory; past it they are dropped
    /// and counted (`triage_telemetry_records_total{outcome="dropped"}`).
    static let outageRetry: Duration = .seconds(120)

    /// Commits `batch` in one transaction; false when it failed (and nothing of it was kept).
    /// While the server is unreachable the batch is retried with backoff, up to `outageRetry`.
    func write(_ batch: [RequestRecord]) -> Bool {
        OwnThreadWait.result { [database] in
            let giveUp = ContinuousClock.now + Self.outageRetry
            var attempt = 0
            while true {
                do throws(StoreError) {
                    try await database.transaction("insert request batch") { connection in
                        for start in stride(from: 0, to: batch.count, by: Self.rowsPerStatement) {
                            let rows = batch[start..<min(batch.count, start + Self.rowsPerStatement)]
                            try await connection.query(Self.insert(rows), logger: database.logger)
                        }
                    }
                    return true
                } catch {
                    attempt += 1
                    guard error.unreachable, ContinuousClock.now < giveUp else { return false }
                    try? await Task.sleep(for: .milliseconds(min(2_000, 100 << min(attempt, 5))))
                }
            }
        }
    }

    /// One INSERT of `rows`; a request logged twice keeps its last record, as SQLite's
    /// INSERT OR REPLACE does (ON CONFLICT may touch a row once per statement, so repeats
    /// within the statement are left out first).
    static func insert(_ rows: ArraySlice<RequestRecord>) -> PostgresQuery {
        var last: [String: Int] = [:]
        for (i, r) in rows.enumerated() { last[r.id] = i }
        let kept = rows.enumerated().filter { last[$0.element.id] == $0.offset }.map(\.element)
        var bindings = PostgresBindings(capacity: kept.count * 18)
        var tuples: [String] = []
        for (i, r) in kept.enumerated() {
            tuples.append("(" + (1...18).map { "$\(i * 18 + $0)" }.joined(separator: ", ") + ")")
            bindings.append(r.id)
            bindings.append(r.time.timeIntervalSince1970)
            bindings.append(r.apiKey)
            bindings.append(r.model)
            bindings.append(r.servedGroup)
            bindings.append(r.deployment)
            bindings.append(r.status)
            bindings.append(finite: r.latencyMs)
            bindings.append(finite: r.ttftMs)
            bindings.append(r.promptTokens)
            bindings.append(r.completionTokens)
            bindings.append(finite: r.costUSD)
            bindings.append(bytes: r.features)
            bindings.append(r.prompt)
            bindings.append(r.decision)
            bindings.append(r.cascade)
            bindings.append(r.attempts)
            bindings.append(r.episodeID)
        }
        let columns = PostgresTelemetryStore.requestColumns
        let updates = columns.split(separator: ",").dropFirst().map { c in
            let name = c.trimmingCharacters(in: .whitespaces)
            return "\(name) = EXCLUDED.\(name)"
        }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: """
            INSERT INTO requests (\(columns)) VALUES \(tuples.joined(separator: ", "))
            ON CONFLICT (id) DO UPDATE SET \(updates)
            """, binds: bindings)
    }

    /// Deletes rows past the retention period, at most once an hour.
    func pruneIfDue(now: Date = Date()) {
        guard let retention else { return }
        if let last = lastPrune, now.timeIntervalSince(last) < 3_600 { return }
        lastPrune = now
        let cutoff = now.timeIntervalSince1970 - RequestLogQueue.seconds(retention)
        OwnThreadWait.result { [database] in
            try? await database.transaction("prune the request log") { connection in
                try await connection.query("DELETE FROM feedback WHERE time < \(cutoff)", logger: database.logger)
                try await connection.query("DELETE FROM requests WHERE time < \(cutoff)", logger: database.logger)
            }
        }
    }
}
