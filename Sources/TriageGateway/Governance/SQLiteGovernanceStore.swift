import Foundation
import Synchronization
import TriageSchema

/// Keys, teams and the spend ledger in the gateway's SQLite file, written synchronously: when a
/// write returns, it is committed (WAL), so a crash after it forgets no key and no money.
///
/// One connection behind a lock. Each write is one short transaction; the telemetry writer's
/// batches share the file and SQLite's busy timeout orders the two. The `async` calls of
/// `GovernanceStore` run inline on the caller: a local commit takes microseconds, and no thread
/// hop is cheaper than one.
final class SQLiteGovernanceStore: GovernanceStore, @unchecked Sendable {
    // @unchecked: the connection and statements are only touched under `lock`.
    let path: String
    private let lock = NSLock()
    private let connection: SQLiteConnection
    /// The ledger's statements, prepared once: every request runs them.
    private var prepared: [String: SQLiteStatement] = [:]

    init(path: String) throws(SQLiteError) {
        self.path = path
        connection = try SQLiteConnection(path: path)
        try TelemetrySchema.migrate(connection)
    }

    private func locked<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// `locked`, with SQLite's error turned into the store's.
    private func storing<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
        do throws(SQLiteError) {
            return try locked(body)
        } catch {
            throw StoreError(error)
        }
    }

    /// `sql` prepared once and reset for this use (call under the lock).
    private func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = prepared[sql] {
            cached.reset()
            return cached
        }
        let fresh = try connection.prepare(sql)
        prepared[sql] = fresh
        return fresh
    }

    // MARK: Recovery

    func recoverOpenReservations(at now: Date) async throws(StoreError) -> Int {
        try storing { () throws(SQLiteError) in
            try connection.transaction { () throws(SQLiteError) in
                let open = Int(try connection.integer("SELECT COUNT(*) FROM spend_requests WHERE state = 'reserved'") ?? 0)
                guard open > 0 else { return 0 }
                try connection.execute("""
                    UPDATE spend_charges SET cost_usd = reserved_usd, state = 'recovered' WHERE state = 'reserved';
                    UPDATE spend_requests SET state = 'recovered', settled = \(now.timeIntervalSince1970),
                        cost_usd = (SELECT COALESCE(SUM(cost_usd), 0) FROM spend_charges c WHERE c.request_id = spend_requests.request_id)
                    WHERE state = 'reserved';
                    """, context: "recover open reservations")
                return open
            }
        }
    }

    // MARK: Keys and teams

    func insert(_ key: VirtualKey) async throws(StoreError) {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                INSERT INTO virtual_keys (token, preview, alias, team_id, models, max_budget, budget_duration, budget_anchor,
                    rpm, tpm, max_parallel, expires, metadata, created, secret_digest, previous_digest, previous_until)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                """)
            bind(key, to: s)
            try s.step()
        }
    }

    func update(_ key: VirtualKey) async throws(StoreError) -> Bool {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                UPDATE virtual_keys SET preview = ?2, alias = ?3, team_id = ?4, models = ?5, max_budget = ?6, budget_duration = ?7,
                    budget_anchor = ?8, rpm = ?9, tpm = ?10, max_parallel = ?11, expires = ?12, metadata = ?13, created = ?14,
                    secret_digest = ?15, previous_digest = ?16, previous_until = ?17
                WHERE token = ?1
                """)
            bind(key, to: s)
            try s.step()
            return connection.changes > 0
        }
    }

    private func bind(_ key: VirtualKey, to s: SQLiteStatement) {
        s.bind(1, key.token)
        s.bind(2, key.preview)
        s.bind(3, key.alias)
        s.bind(4, key.teamID)
        s.bind(5, StoredJSON.text(key.models))
        Self.bind(key.budget, anchor: key.budgetAnchor, key.limits, to: s, from: 6)
        s.bind(12, key.expiresAt?.timeIntervalSince1970)
        s.bind(13, StoredJSON.text(key.metadata))
        s.bind(14, key.createdAt.timeIntervalSince1970)
        s.bind(15, key.secretDigest)
        s.bind(16, key.previousDigest)
        s.bind(17, key.previousValidUntil?.timeIntervalSince1970)
    }

    func deleteKeys(_ tokens: [String]) async throws(StoreError) -> [String] {
        try storing { () throws(SQLiteError) in
            try connection.transaction { () throws(SQLiteError) in
                let s = try connection.prepare("DELETE FROM virtual_keys WHERE token = ?1 RETURNING token")
                var deleted: [String] = []
                for token in tokens {
                    s.reset()
                    s.bind(1, token)
                    if try s.step(), let t = s.text(0) { deleted.append(t) }
                    while try s.step() {}
                }
                return deleted
            }
        }
    }

    func keys() async throws(StoreError) -> [VirtualKey] {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                SELECT token, preview, alias, team_id, models, max_budget, budget_duration, budget_anchor, rpm, tpm, max_parallel,
                    expires, metadata, created, secret_digest, previous_digest, previous_until FROM virtual_keys ORDER BY created, token
                """)
            var out: [VirtualKey] = []
            while try s.step() {
                out.append(VirtualKey(
                    token: s.text(0) ?? "", preview: s.text(1) ?? "", alias: s.text(2), teamID: s.text(3), models: StoredJSON.strings(s.text(4)),
                    budget: Self.budget(s, max: 5, duration: 6), budgetAnchor: Date(timeIntervalSince1970: s.double(7) ?? 0),
                    limits: Self.limits(s, from: 8), expiresAt: s.double(11).map(Date.init(timeIntervalSince1970:)),
                    metadata: StoredJSON.object(s.text(12)), createdAt: Date(timeIntervalSince1970: s.double(13) ?? 0),
                    secretDigest: s.text(14), previousDigest: s.text(15), previousValidUntil: s.double(16).map(Date.init(timeIntervalSince1970:))))
            }
            return out
        }
    }

    func insert(_ team: Team) async throws(StoreError) {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                INSERT INTO teams (id, alias, models, max_budget, budget_duration, budget_anchor, rpm, tpm, max_parallel, metadata, created)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
            s.bind(1, team.id)
            s.bind(2, team.alias)
            s.bind(3, StoredJSON.text(team.models))
            Self.bind(team.budget, anchor: team.budgetAnchor, team.limits, to: s, from: 4)
            s.bind(10, StoredJSON.text(team.metadata))
            s.bind(11, team.createdAt.timeIntervalSince1970)
            try s.step()
        }
    }

    func teams() async throws(StoreError) -> [Team] {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                SELECT id, alias, models, max_budget, budget_duration, budget_anchor, rpm, tpm, max_parallel, metadata, created
                FROM teams ORDER BY created, id
                """)
            var out: [Team] = []
            while try s.step() {
                out.append(Team(
                    id: s.text(0) ?? "", alias: s.text(1), models: StoredJSON.strings(s.text(2)), budget: Self.budget(s, max: 3, duration: 4),
                    budgetAnchor: Date(timeIntervalSince1970: s.double(5) ?? 0), limits: Self.limits(s, from: 6),
                    metadata: StoredJSON.object(s.text(9)), createdAt: Date(timeIntervalSince1970: s.double(10) ?? 0)))
            }
            return out
        }
    }

    // MARK: The ledger

    func apply(_ writes: [LedgerWrite]) async throws(StoreError) {
        do throws(SQLiteError) {
            try commit(writes)
        } catch {
            throw StoreError(error)
        }
    }

    /// Applies `writes` in order in one transaction, on the calling thread (`LedgerWriter`'s).
    func commit(_ writes: [LedgerWrite]) throws(SQLiteError) {
        try locked { () throws(SQLiteError) in
            try connection.transaction { () throws(SQLiteError) in
                for write in writes { try apply(write) }
            }
        }
    }

    private func apply(_ write: LedgerWrite) throws(SQLiteError) {
        switch write {
        case let .open(row, charge):
            let s = try statement("""
                INSERT INTO spend_requests (request_id, time, key_token, team_id, model, state, reserved_usd, cost_usd,
                    prompt_tokens, completion_tokens, status, settled)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                """)
            bind(row, to: s)
            try s.step()
            try insert(charge, requestID: row.requestID)
        case let .reserve(charge, requestID, total):
            try insert(charge, requestID: requestID)
            let s = try statement("UPDATE spend_requests SET reserved_usd = ?2 WHERE request_id = ?1")
            s.bind(1, requestID)
            s.bind(2, total)
            try s.step()
        case let .settle(row, charges):
            let s = try statement("""
                INSERT OR REPLACE INTO spend_requests (request_id, time, key_token, team_id, model, state, reserved_usd, cost_usd,
                    prompt_tokens, completion_tokens, status, settled)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                """)
            bind(row, to: s)
            try s.step()
            for charge in charges { try insert(charge, requestID: row.requestID, replacing: true) }
        case .endHolds, .addSpend, .finishRates:
            break  // one process per SQLite file: budgets and windows are counted in memory
        }
    }

    private func insert(_ c: SpendCharge, requestID: String, replacing: Bool = false) throws(SQLiteError) {
        let s = try statement("""
            INSERT \(replacing ? "OR REPLACE " : "")INTO spend_charges (request_id, sequence, time, model_group, deployment, state,
                reserved_usd, cost_usd, prompt_tokens, completion_tokens)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        s.bind(1, requestID)
        s.bind(2, c.sequence)
        s.bind(3, c.time.timeIntervalSince1970)
        s.bind(4, c.group)
        s.bind(5, c.deployment)
        s.bind(6, c.state.rawValue)
        s.bind(7, c.reservedUSD)
        s.bind(8, c.costUSD)
        s.bind(9, c.promptTokens)
        s.bind(10, c.completionTokens)
        try s.step()
    }

    private func bind(_ row: SpendRequestRow, to s: SQLiteStatement) {
        s.bind(1, row.requestID)
        s.bind(2, row.time.timeIntervalSince1970)
        s.bind(3, row.keyToken)
        s.bind(4, row.teamID)
        s.bind(5, row.model)
        s.bind(6, row.state.rawValue)
        s.bind(7, row.reservedUSD)
        s.bind(8, row.costUSD)
        s.bind(9, row.promptTokens)
        s.bind(10, row.completionTokens)
        s.bind(11, row.status)
        s.bind(12, row.settledAt?.timeIntervalSince1970)
    }

    func spent(_ scope: GovernanceScope, since start: Date) async throws(StoreError) -> Double {
        try storing { () throws(SQLiteError) in
            let (join, condition, value): (String, String, String?) = switch scope {
            case .proxy: ("", "", nil)
            case .model(let group): ("", "AND c.model_group = ?2", group)
            case .key(let token): ("JOIN spend_requests r ON r.request_id = c.request_id", "AND r.key_token = ?2", token)
            case .team(let id): ("JOIN spend_requests r ON r.request_id = c.request_id", "AND r.team_id = ?2", id)
            }
            let s = try connection.prepare(
                "SELECT COALESCE(SUM(c.cost_usd), 0) FROM spend_charges c \(join) WHERE c.state != 'reserved' AND c.time >= ?1 \(condition)")
            s.bind(1, start == .distantPast ? -Double.greatestFiniteMagnitude : start.timeIntervalSince1970)
            if let value { s.bind(2, value) }
            guard try s.step() else { return 0 }
            return s.double(0) ?? 0
        }
    }

    func requests(from start: Date?, to end: Date?, keyToken: String?, teamID: String?, limit: Int) async throws(StoreError) -> [SpendRequestRow] {
        try storing { () throws(SQLiteError) in
            let s = try connection.prepare("""
                SELECT request_id, time, key_token, team_id, model, state, reserved_usd, cost_usd, prompt_tokens, completion_tokens,
                    status, settled
                FROM spend_requests
                WHERE time >= ?1 AND time < ?2 AND (?3 IS NULL OR key_token = ?3) AND (?4 IS NULL OR team_id = ?4)
                ORDER BY time DESC, request_id LIMIT ?5
                """)
            s.bind(1, start?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)
            s.bind(2, end?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude)
            s.bind(3, keyToken)
            s.bind(4, teamID)
            s.bind(5, limit)
            var out: [SpendRequestRow] = []
            while try s.step() {
                out.append(SpendRequestRow(
                    requestID: s.text(0) ?? "", time: Date(timeIntervalSince1970: s.double(1) ?? 0), keyToken: s.text(2), teamID: s.text(3),
                    model: s.text(4) ?? "", state: SpendCharge.State(rawValue: s.text(5) ?? "") ?? .settled, reservedUSD: s.double(6) ?? 0,
                    costUSD: s.double(7) ?? 0, promptTokens: Int(s.int64(8)), completionTokens: Int(s.int64(9)),
                    status: s.isNull(10) ? nil : Int(s.int64(10)), settledAt: s.double(11).map(Date.init(timeIntervalSince1970:))))
            }
            return out
        }
    }

    func report(_ grouping: SpendGrouping, from start: Date?, to end: Date?) async throws(StoreError) -> [SpendReportRow] {
        try storing { () throws(SQLiteError) in
            let sql: String = switch grouping {
            case .key, .team, .day:
                """
                SELECT \(grouping == .key ? "key_token" : grouping == .team ? "team_id" : "date(time, 'unixepoch')") AS g,
                    SUM(cost_usd), COUNT(*), SUM(prompt_tokens), SUM(completion_tokens)
                FROM spend_requests WHERE time >= ?1 AND time < ?2 GROUP BY g ORDER BY SUM(cost_usd) DESC, g
                """
            case .model:
                """
                SELECT model_group AS g, SUM(cost_usd), COUNT(DISTINCT request_id), SUM(prompt_tokens), SUM(completion_tokens)
                FROM spend_charges WHERE time >= ?1 AND time < ?2 AND state != 'reserved' GROUP BY g ORDER BY SUM(cost_usd) DESC, g
                """
            }
            let s = try connection.prepare(sql)
            s.bind(1, start?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)
            s.bind(2, end?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude)
            var out: [SpendReportRow] = []
            while try s.step() {
                out.append(SpendReportRow(
                    group: s.text(0), spendUSD: s.double(1) ?? 0, requests: Int(s.int64(2)), promptTokens: Int(s.int64(3)),
                    completionTokens: Int(s.int64(4))))
            }
            return out
        }
    }

    func makeLedgerCommitter() -> any LedgerCommitting {
        LedgerWriter(store: self)
    }

    // MARK: Column codecs

    /// A key's or team's budget, anchor and limits: six columns from `column`, the order
    /// `budget(_:max:duration:)` and `limits(_:from:)` read them back in.
    private static func bind(_ budget: Budget?, anchor: Date, _ limits: UsageLimits, to s: SQLiteStatement, from column: Int32) {
        s.bind(column, budget?.maxUSD)
        s.bind(column + 1, budget?.duration?.seconds)
        s.bind(column + 2, anchor.timeIntervalSince1970)
        s.bind(column + 3, limits.rpm)
        s.bind(column + 4, limits.tpm)
        s.bind(column + 5, limits.maxParallelRequests)
    }

    private static func budget(_ s: SQLiteStatement, max: Int32, duration: Int32) -> Budget? {
        guard let cap = s.double(max) else { return nil }
        return Budget(maxUSD: cap, duration: s.isNull(duration) ? nil : BudgetDuration(seconds: Int(s.int64(duration))))
    }

    private static func limits(_ s: SQLiteStatement, from column: Int32) -> UsageLimits {
        func optional(_ c: Int32) -> Int? { s.isNull(c) ? nil : Int(s.int64(c)) }
        return UsageLimits(rpm: optional(column), tpm: optional(column + 1), maxParallelRequests: optional(column + 2))
    }
}
