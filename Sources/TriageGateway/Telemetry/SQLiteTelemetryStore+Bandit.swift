import Foundation
import TriageCore

extension SQLiteTelemetryStore {
    /// Saves one arm's sums (Σxxᵀ, Σrx, count) as little-endian float64 blobs.
    /// Adds `delta`'s sums to the stored arm in one transaction; returns the merged total.
    public func mergeArm(routedModel: String, arm: String, adding delta: LinearArmStatistics) async throws(StoreError) -> LinearArmStatistics {
        try reading { db throws(SQLiteError) in
            try db.transaction { () throws(SQLiteError) -> LinearArmStatistics in
                let read = try db.prepare("SELECT dimension, ridge, xx, rx, count FROM bandit_arms WHERE routed_model = ?1 AND arm = ?2")
                read.bind(1, routedModel)
                read.bind(2, arm)
                var stored: LinearArmStatistics?
                if try read.step(), let xx = read.blob(2).flatMap(Float64Blob.doubles), let rx = read.blob(3).flatMap(Float64Blob.doubles) {
                    stored = LinearArmStatistics(dimension: Int(read.int64(0)), ridge: read.double(1) ?? 1, xx: xx, rx: rx, count: Int(read.int64(4)))
                }
                // A stored arm of another shape (the candidates changed) is replaced.
                let total = stored.flatMap { $0.merged(with: delta) } ?? delta
                let s = try db.prepare("""
                    INSERT OR REPLACE INTO bandit_arms (routed_model, arm, dimension, ridge, xx, rx, count, updated)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    """)
                s.bind(1, routedModel)
                s.bind(2, arm)
                s.bind(3, total.dimension)
                s.bind(4, total.ridge)
                s.bind(5, Float64Blob.bytes(total.xx))
                s.bind(6, Float64Blob.bytes(total.rx))
                s.bind(7, total.count)
                s.bind(8, Date().timeIntervalSince1970)
                try s.step()
                return total
            }
        }
    }

    public func loadArms(routedModel: String) async throws(StoreError) -> [String: LinearArmStatistics] {
        try reading { db throws(SQLiteError) in
            let s = try db.prepare("SELECT arm, dimension, ridge, xx, rx, count FROM bandit_arms WHERE routed_model = ?1")
            s.bind(1, routedModel)
            var out: [String: LinearArmStatistics] = [:]
            while try s.step() {
                guard let arm = s.text(0), let xx = s.blob(3).flatMap(Float64Blob.doubles), let rx = s.blob(4).flatMap(Float64Blob.doubles),
                      let stats = LinearArmStatistics(dimension: Int(s.int64(1)), ridge: s.double(2) ?? 1, xx: xx, rx: rx, count: Int(s.int64(5)))
                else { continue }
                out[arm] = stats
            }
            return out
        }
    }
}

extension SQLiteTelemetryStore {
    /// A logged routed request joined with its feedback for one metric, for off-policy replay.
    public struct LoggedOutcome: Sendable {
        public var requestID: String
        public var model: String
        /// The decision JSON as logged (policy, candidates, arm, probability, predicted, score…).
        public var decision: String
        public var features: [UInt8]?
        public var costUSD: Double?
        public var value: Double
        /// The prompt, when the log keeps prompts.
        public var prompt: String?
    }

    /// Every routed request (of `routedModel`, or all) that has feedback for `metric`.
    public func loggedOutcomes(metric: String, routedModel: String?) throws(SQLiteError) -> [LoggedOutcome] {
        try withReader { db throws(SQLiteError) in
            let s = try db.prepare("""
                SELECT r.id, r.model, r.decision, r.features, r.cost_usd, f.value, r.prompt FROM requests r
                JOIN feedback f ON f.request_id = r.id AND f.metric = ?1
                WHERE r.decision IS NOT NULL AND (?2 IS NULL OR r.model = ?2)
                ORDER BY r.time
                """)
            s.bind(1, metric)
            s.bind(2, routedModel)
            var out: [LoggedOutcome] = []
            while try s.step() {
                out.append(LoggedOutcome(requestID: s.text(0) ?? "", model: s.text(1) ?? "", decision: s.text(2) ?? "",
                                         features: s.blob(3), costUSD: s.double(4), value: s.double(5) ?? 0, prompt: s.text(6)))
            }
            return out
        }
    }
}
