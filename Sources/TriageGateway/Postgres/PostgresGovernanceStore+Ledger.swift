import Foundation
import PostgresNIO

extension PostgresGovernanceStore {
    static let requestColumns = """
        request_id, time, key_token, team_id, model, state, reserved_usd, cost_usd, prompt_tokens, completion_tokens, status, settled
        """
    static let chargeColumns = """
        request_id, sequence, time, model_group, deployment, state, reserved_usd, cost_usd, prompt_tokens, completion_tokens
        """

    /// At a start: replicas that stopped beating their heartbeat longer than the replica
    /// timeout ago are recovered (`recoverDeadReplicas`), and so are requests left reserved by
    /// a replica no longer listed at all (one that crashed before registering, or an older
    /// build): their holds count their worst case, their rows say `recovered`. A live
    /// replica's reservations are never touched: it is listed, and beating.
    func recoverOpenReservations(at now: Date) async throws(StoreError) -> Int {
        let dead = try await recoverDeadReplicas(now: now)
        let settled = now.timeIntervalSince1970
        let orphans = try await database.transaction("recover open reservations") { c in
            var owners: [String?] = []
            for try await owner in try await c.query("""
                SELECT DISTINCT replica FROM spend_requests WHERE state = 'reserved' AND (replica IS NULL OR replica NOT IN (SELECT id FROM replicas))
                UNION SELECT DISTINCT replica FROM budget_holds WHERE replica NOT IN (SELECT id FROM replicas)
                """, logger: database.logger).decode(String?.self) { owners.append(owner) }
            var open = 0
            for owner in owners {
                try await c.query("""
                    SELECT triage_budget_settle(array_agg(request_id), array_agg(sequence), array_agg(amount))
                    FROM (SELECT h.request_id, h.sequence,
                                 CASE WHEN EXISTS (SELECT 1 FROM spend_requests r WHERE r.request_id = h.request_id) THEN max(h.amount) ELSE 0 END AS amount
                          FROM budget_holds h WHERE h.replica IS NOT DISTINCT FROM \(owner) GROUP BY h.request_id, h.sequence) h
                    """, logger: database.logger)
                try await c.query("""
                    UPDATE spend_charges c SET cost_usd = c.reserved_usd, state = 'recovered' FROM spend_requests r
                    WHERE r.request_id = c.request_id AND r.replica IS NOT DISTINCT FROM \(owner) AND r.state = 'reserved' AND c.state = 'reserved'
                    """, logger: database.logger)
                for try await count in try await c.query("""
                    WITH recovered AS (
                        UPDATE spend_requests SET state = 'recovered', settled = \(settled),
                            cost_usd = (SELECT COALESCE(SUM(cost_usd), 0) FROM spend_charges c WHERE c.request_id = spend_requests.request_id)
                        WHERE state = 'reserved' AND replica IS NOT DISTINCT FROM \(owner) RETURNING 1)
                    SELECT count(*)::bigint FROM recovered
                    """, logger: database.logger).decode(Int.self) { open += count }
            }
            return open
        }
        return dead + orphans
    }

    /// One transaction for the batch, within the operation timeout: the ledger's rows, then the
    /// shared counters (holds, unheld spend, rate windows), so rows and counters agree.
    func apply(_ writes: [LedgerWrite]) async throws(StoreError) {
        let queries = writes.flatMap(queries) + sharedQueries(writes)
        guard !queries.isEmpty else { return }
        let logger = database.logger
        try await database.guardedTransaction("write \(writes.count) ledger entries") { c in
            for query in queries { try await c.query(query, logger: logger) }
        }
    }

    /// The statements of one write, as `SQLiteGovernanceStore` runs them: a first reservation
    /// inserts (and fails on a request already open), a settlement replaces.
    private func queries(_ write: LedgerWrite) -> [PostgresQuery] {
        switch write {
        case let .open(row, charge):
            return [insert(row, replacing: false), Self.insert(charge, requestID: row.requestID, replacing: false)]
        case let .reserve(charge, requestID, total):
            return [Self.insert(charge, requestID: requestID, replacing: false),
                    "UPDATE spend_requests SET reserved_usd = \(total) WHERE request_id = \(requestID)"]
        case let .settle(row, charges):
            return [insert(row, replacing: true)] + charges.map { Self.insert($0, requestID: row.requestID, replacing: true) }
        case .endHolds, .addSpend, .finishRates:
            return []  // `sharedQueries`
        }
    }

    private func insert(_ row: SpendRequestRow, replacing: Bool) -> PostgresQuery {
        var b = PostgresBindings(capacity: 13)
        b.append(row.requestID)
        b.append(row.time.timeIntervalSince1970)
        b.append(row.keyToken)
        b.append(row.teamID)
        b.append(row.model)
        b.append(row.state.rawValue)
        b.append(finite: row.reservedUSD)
        b.append(finite: row.costUSD)
        b.append(row.promptTokens)
        b.append(row.completionTokens)
        b.append(row.status)
        b.append(row.settledAt?.timeIntervalSince1970)
        b.append(replicaID)
        return PostgresQuery(unsafeSQL: Self.upsert("spend_requests", Self.requestColumns + ", replica", key: "request_id", replacing: replacing), binds: b)
    }

    private static func insert(_ c: SpendCharge, requestID: String, replacing: Bool) -> PostgresQuery {
        var b = PostgresBindings(capacity: 10)
        b.append(requestID)
        b.append(c.sequence)
        b.append(c.time.timeIntervalSince1970)
        b.append(c.group)
        b.append(c.deployment)
        b.append(c.state.rawValue)
        b.append(finite: c.reservedUSD)
        b.append(finite: c.costUSD)
        b.append(c.promptTokens)
        b.append(c.completionTokens)
        return PostgresQuery(unsafeSQL: upsert("spend_charges", chargeColumns, key: "request_id, sequence", replacing: replacing), binds: b)
    }

    /// INSERT, or with `replacing` SQLite's INSERT OR REPLACE: every column but the key updated.
    private static func upsert(_ table: String, _ columns: String, key: String, replacing: Bool) -> String {
        let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let insert = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(placeholders(names.count)))"
        guard replacing else { return insert }
        let keys = Set(key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let updates = names.filter { !keys.contains($0) }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        return insert + " ON CONFLICT (\(key)) DO UPDATE SET \(updates)"
    }

    func spent(_ scope: GovernanceScope, since start: Date) async throws(StoreError) -> Double {
        let (join, condition, value): (String, String, String?) = switch scope {
        case .proxy: ("", "", nil)
        case .model(let group): ("", "AND c.model_group = $2", group)
        case .key(let token): ("JOIN spend_requests r ON r.request_id = c.request_id", "AND r.key_token = $2", token)
        case .team(let id): ("JOIN spend_requests r ON r.request_id = c.request_id", "AND r.team_id = $2", id)
        }
        var b = PostgresBindings(capacity: 2)
        b.append(start == .distantPast ? -Double.greatestFiniteMagnitude : start.timeIntervalSince1970)
        if let value { b.append(value) }
        let query = PostgresQuery(unsafeSQL: """
            SELECT COALESCE(SUM(c.cost_usd), 0) FROM spend_charges c \(join) WHERE c.state != 'reserved' AND c.time >= $1 \(condition)
            """, binds: b)
        return try await database.run("read what \(scope) spent") { client in
            for try await total in try await client.query(query).decode(Double.self) { return total }
            return 0
        }
    }

    func requests(from start: Date?, to end: Date?, keyToken: String?, teamID: String?, limit: Int) async throws(StoreError) -> [SpendRequestRow] {
        let (first, last) = (start?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude, end?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude)
        return try await database.run("read the spend logs") { client in
            var out: [SpendRequestRow] = []
            let rows = try await client.query("""
                SELECT \(unescaped: Self.requestColumns) FROM spend_requests
                WHERE time >= \(first) AND time < \(last) AND (\(keyToken)::text IS NULL OR key_token = \(keyToken))
                    AND (\(teamID)::text IS NULL OR team_id = \(teamID))
                ORDER BY time DESC, request_id COLLATE "C" LIMIT \(limit)
                """)
            for try await row in rows {
                let r = PostgresRowReader(row)
                out.append(SpendRequestRow(
                    requestID: try r.text(0) ?? "", time: Date(timeIntervalSince1970: try r.double(1) ?? 0), keyToken: try r.text(2),
                    teamID: try r.text(3), model: try r.text(4) ?? "", state: SpendCharge.State(rawValue: try r.text(5) ?? "") ?? .settled,
                    reservedUSD: try r.double(6) ?? 0, costUSD: try r.double(7) ?? 0, promptTokens: try r.int(8) ?? 0,
                    completionTokens: try r.int(9) ?? 0, status: try r.int(10), settledAt: try r.double(11).map(Date.init(timeIntervalSince1970:))))
            }
            return out
        }
    }

    func report(_ grouping: SpendGrouping, from start: Date?, to end: Date?) async throws(StoreError) -> [SpendReportRow] {
        let grouped: String = switch grouping {
        case .key, .team, .day:
            """
            SELECT \(grouping == .key ? "key_token" : grouping == .team ? "team_id" : "to_char(to_timestamp(time) AT TIME ZONE 'UTC', 'YYYY-MM-DD')") AS g,
                SUM(cost_usd) AS spend, COUNT(*) AS n, SUM(prompt_tokens)::bigint AS prompt, SUM(completion_tokens)::bigint AS completion
            FROM spend_requests WHERE time >= $1 AND time < $2 GROUP BY 1
            """
        case .model:
            """
            SELECT model_group AS g, SUM(cost_usd) AS spend, COUNT(DISTINCT request_id) AS n, SUM(prompt_tokens)::bigint AS prompt,
                SUM(completion_tokens)::bigint AS completion
            FROM spend_charges WHERE time >= $1 AND time < $2 AND state != 'reserved' GROUP BY 1
            """
        }
        // Ordered outside: an output column may be ordered by only as a bare name.
        let sql = "SELECT g, spend, n, prompt, completion FROM (\(grouped)) totals ORDER BY spend DESC, g COLLATE \"C\" NULLS FIRST"
        var b = PostgresBindings(capacity: 2)
        b.append(start?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)
        b.append(end?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude)
        let query = PostgresQuery(unsafeSQL: sql, binds: b)
        return try await database.run("read the spend report") { client in
            var out: [SpendReportRow] = []
            for try await row in try await client.query(query) {
                let r = PostgresRowReader(row)
                out.append(SpendReportRow(
                    group: try r.text(0), spendUSD: try r.double(1) ?? 0, requests: try r.int(2) ?? 0, promptTokens: try r.int(3) ?? 0,
                    completionTokens: try r.int(4) ?? 0))
            }
            return out
        }
    }
}
