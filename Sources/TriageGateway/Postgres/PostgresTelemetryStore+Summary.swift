import Foundation
import PostgresNIO

extension PostgresTelemetryStore {
    /// Streams the range's rows through the shared `TelemetrySummaryBuilder`: the same
    /// summary SQLite's store draws, without holding the rows or a thread.
    func summary(from start: Date, to end: Date) async throws(StoreError) -> TelemetrySummary {
        guard var builder = TelemetrySummaryBuilder(start: start, end: end, bucketSeconds: nil) else {
            throw StoreError(TelemetrySummaryBuilder.rangeProblem(bucketSeconds: nil, start: start, end: end), context: "summarise")
        }
        let (first, last) = (start.timeIntervalSince1970, end.timeIntervalSince1970)
        return try await database.run("summarise the request log") { client in
            let rows = try await client.query("""
                SELECT time, model, served_group, deployment, status, latency_ms, cost_usd, api_key, decision, cascade, attempts
                FROM requests WHERE time >= \(first) AND time < \(last) ORDER BY time
                """)
            for try await row in rows {
                let r = PostgresRowReader(row)
                builder.add(.init(
                    time: try r.double(0) ?? 0, model: try r.text(1) ?? "", servedGroup: try r.text(2), deployment: try r.text(3),
                    status: try r.int(4) ?? 0, latencyMs: try r.double(5), costUSD: try r.double(6), apiKey: try r.text(7),
                    decision: try r.text(8), cascade: try r.text(9), attempts: try r.text(10)))
            }
            let feedback = TelemetrySummarizer.feedbackQuery.replacingOccurrences(of: "?1", with: "$1").replacingOccurrences(of: "?2", with: "$2")
            var binds = PostgresBindings(capacity: 2)
            binds.append(first)
            binds.append(last)
            for try await (time, label, value) in try await client.query(PostgresQuery(unsafeSQL: feedback, binds: binds))
                .decode((Double, String, Double).self) {
                builder.addFeedback(time: time, label: label, value: value)
            }
            return builder.finish()
        }
    }
}
