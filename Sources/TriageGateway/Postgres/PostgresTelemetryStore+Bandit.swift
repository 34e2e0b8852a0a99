import Foundation
import NIOCore
import PostgresNIO
import TriageCore

extension PostgresTelemetryStore {
    /// The sums as little-endian float64 bytes (`Float64Blob`), as SQLite keeps them. A row
    /// with more observations is never replaced by one with fewer.
    func saveArm(routedModel: String, arm: String, _ statistics: LinearArmStatistics) async throws(StoreError) {
        let xx = ByteBuffer(bytes: Float64Blob.bytes(statistics.xx))
        let rx = ByteBuffer(bytes: Float64Blob.bytes(statistics.rx))
        let now = Date().timeIntervalSince1970
        try await database.run("save the bandit arm \(routedModel)/\(arm)") { client in
            try await client.query("""
                INSERT INTO bandit_arms (routed_model, arm, dimension, ridge, xx, rx, count, updated)
                VALUES (\(routedModel), \(arm), \(statistics.dimension), \(statistics.ridge), \(xx), \(rx), \(statistics.count), \(now))
                ON CONFLICT (routed_model, arm) DO UPDATE SET dimension = EXCLUDED.dimension, ridge = EXCLUDED.ridge,
                    xx = EXCLUDED.xx, rx = EXCLUDED.rx, count = EXCLUDED.count, updated = EXCLUDED.updated
                WHERE EXCLUDED.count >= bandit_arms.count
                """)
        }
    }

    func loadArms(routedModel: String) async throws(StoreError) -> [String: LinearArmStatistics] {
        try await database.run("load the bandit arms of \(routedModel)") { client in
            var out: [String: LinearArmStatistics] = [:]
            let rows = try await client.query("SELECT arm, dimension, ridge, xx, rx, count FROM bandit_arms WHERE routed_model = \(routedModel)")
            for try await row in rows {
                let r = PostgresRowReader(row)
                guard let arm = try r.text(0), let xx = try r.bytes(3).flatMap(Float64Blob.doubles),
                      let rx = try r.bytes(4).flatMap(Float64Blob.doubles),
                      let stats = LinearArmStatistics(dimension: try r.int(1) ?? 0, ridge: try r.double(2) ?? 1, xx: xx, rx: rx,
                                                      count: try r.int(5) ?? 0)
                else { continue }
                out[arm] = stats
            }
            return out
        }
    }
}

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
