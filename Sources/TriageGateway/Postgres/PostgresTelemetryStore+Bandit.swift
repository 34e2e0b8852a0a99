import Foundation
import NIOCore
import PostgresNIO
import TriageCore

extension PostgresTelemetryStore {
    /// Adds `delta`'s sums to the stored arm under a row lock, in one transaction, so replicas
    /// merging at once each add theirs; returns the merged total. Sums are little-endian
    /// float64 bytes (`Float64Blob`), as SQLite keeps them.
    func mergeArm(routedModel: String, arm: String, adding delta: LinearArmStatistics) async throws(StoreError) -> LinearArmStatistics {
        let logger = database.logger
        return try await database.transaction("merge the bandit arm \(routedModel)/\(arm)") { c in
            // The row must exist to be locked: a first merge inserts an empty one.
            let empty = LinearArmStatistics(dimension: delta.dimension, ridge: delta.ridge)
            let (zeroXX, zeroRX) = (ByteBuffer(bytes: Float64Blob.bytes(empty.xx)), ByteBuffer(bytes: Float64Blob.bytes(empty.rx)))
            try await c.query("""
                INSERT INTO bandit_arms (routed_model, arm, dimension, ridge, xx, rx, count, updated)
                VALUES (\(routedModel), \(arm), \(delta.dimension), \(delta.ridge), \(zeroXX), \(zeroRX), 0, 0)
                ON CONFLICT (routed_model, arm) DO NOTHING
                """, logger: logger)
            var stored: LinearArmStatistics?
            let rows = try await c.query("""
                SELECT dimension, ridge, xx, rx, count FROM bandit_arms WHERE routed_model = \(routedModel) AND arm = \(arm) FOR UPDATE
                """, logger: logger)
            for try await row in rows {
                let r = PostgresRowReader(row)
                if let xx = try r.bytes(2).flatMap(Float64Blob.doubles), let rx = try r.bytes(3).flatMap(Float64Blob.doubles) {
                    stored = LinearArmStatistics(dimension: try r.int(0) ?? 0, ridge: try r.double(1) ?? 1, xx: xx, rx: rx, count: try r.int(4) ?? 0)
                }
            }
            // A stored arm of another shape (the candidates changed) is replaced.
            let total = stored.flatMap { $0.merged(with: delta) } ?? delta
            let (xx, rx) = (ByteBuffer(bytes: Float64Blob.bytes(total.xx)), ByteBuffer(bytes: Float64Blob.bytes(total.rx)))
            let now = Date().timeIntervalSince1970
            try await c.query("""
                UPDATE bandit_arms SET dimension = \(total.dimension), ridge = \(total.ridge), xx = \(xx), rx = \(rx), count = \(total.count),
                    updated = \(now)
                WHERE routed_model = \(routedModel) AND arm = \(arm)
                """, logger: logger)
            return total
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
