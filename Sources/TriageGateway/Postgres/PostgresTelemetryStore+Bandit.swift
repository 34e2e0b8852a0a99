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
