import Foundation
import PostgresNIO
import TriageSchema

/// Keys, teams and the spend ledger in PostgreSQL: the same rows as `SQLiteGovernanceStore`,
/// committed before each call returns, over the pool the request log shares.
///
/// Text orders use the "C" collation and NULLs sort first, as SQLite's do, so lists and reports
/// come back in the same order whichever store holds them.
final class PostgresGovernanceStore: GovernanceStore {
    let database: PostgresDatabase
    /// This process among the replicas sharing the database: new at every start, so a
    /// restarted replica never mistakes a dead one's reservations for its own.
    let replicaID = "replica-" + UUID().uuidString.lowercased()

    init(database: PostgresDatabase) {
        self.database = database
    }

    /// Runs a change to keys or teams and counts it in `directory_version`, in one
    /// transaction, so other replicas reload their copies.
    private func changeDirectory<T: Sendable>(_ context: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await database.transaction(context) { c in
            let value = try await body(c)
            try await c.query("UPDATE directory_version SET version = version + 1 WHERE id = 1", logger: self.database.logger)
            return value
        }
    }

    static let keyColumns = """
        token, preview, alias, team_id, models, max_budget, budget_duration, budget_anchor, rpm, tpm, max_parallel, expires, metadata, created,
        secret_digest, previous_digest, previous_until
        """
    static let teamColumns = "id, alias, models, max_budget, budget_duration, budget_anchor, rpm, tpm, max_parallel, metadata, created"

    // MARK: Keys and teams

    func insert(_ key: VirtualKey) async throws(StoreError) {
        let query = PostgresQuery(unsafeSQL: "INSERT INTO virtual_keys (\(Self.keyColumns)) VALUES (\(Self.placeholders(17)))",
                                  binds: Self.bindings(key))
        try await changeDirectory("insert key \(key.token.prefix(12))") { c in try await c.query(query, logger: self.database.logger) }
    }

    func update(_ key: VirtualKey) async throws(StoreError) -> Bool {
        let query = PostgresQuery(unsafeSQL: """
            UPDATE virtual_keys SET preview = $2, alias = $3, team_id = $4, models = $5, max_budget = $6, budget_duration = $7,
                budget_anchor = $8, rpm = $9, tpm = $10, max_parallel = $11, expires = $12, metadata = $13, created = $14,
                secret_digest = $15, previous_digest = $16, previous_until = $17
            WHERE token = $1 RETURNING token
            """, binds: Self.bindings(key))
        return try await changeDirectory("update key \(key.token.prefix(12))") { c in
            for try await _ in try await c.query(query, logger: self.database.logger) { return true }
            return false
        }
    }

    func deleteKeys(_ tokens: [String]) async throws(StoreError) -> [String] {
        let deleted: Set<String> = try await changeDirectory("delete keys") { c in
            var out: Set<String> = []
            let rows = try await c.query("DELETE FROM virtual_keys WHERE token = ANY(\(tokens)) RETURNING token", logger: self.database.logger)
            for try await token in rows.decode(String.self) {
                out.insert(token)
            }
            return out
        }
        var reported: Set<String> = []
        return tokens.filter { deleted.contains($0) && reported.insert($0).inserted }
    }

    func keys() async throws(StoreError) -> [VirtualKey] {
        try await database.run("read keys") { client in
            var out: [VirtualKey] = []
            let rows = try await client.query("SELECT \(unescaped: Self.keyColumns) FROM virtual_keys ORDER BY created, token COLLATE \"C\"")
            for try await row in rows {
                let r = PostgresRowReader(row)
                out.append(VirtualKey(
                    token: try r.text(0) ?? "", preview: try r.text(1) ?? "", alias: try r.text(2), teamID: try r.text(3),
                    models: StoredJSON.strings(try r.text(4)), budget: try Self.budget(r, max: 5, duration: 6),
                    budgetAnchor: Date(timeIntervalSince1970: try r.double(7) ?? 0), limits: try Self.limits(r, from: 8),
                    expiresAt: try r.double(11).map(Date.init(timeIntervalSince1970:)), metadata: StoredJSON.object(try r.text(12)),
                    createdAt: Date(timeIntervalSince1970: try r.double(13) ?? 0), secretDigest: try r.text(14), previousDigest: try r.text(15),
                    previousValidUntil: try r.double(16).map(Date.init(timeIntervalSince1970:))))
            }
            return out
        }
    }

    func insert(_ team: Team) async throws(StoreError) {
        var b = PostgresBindings(capacity: 11)
        b.append(team.id)
        b.append(team.alias)
        b.append(StoredJSON.text(team.models))
        Self.append(team.budget, anchor: team.budgetAnchor, team.limits, to: &b)
        b.append(StoredJSON.text(team.metadata))
        b.append(team.createdAt.timeIntervalSince1970)
        let query = PostgresQuery(unsafeSQL: "INSERT INTO teams (\(Self.teamColumns)) VALUES (\(Self.placeholders(11)))", binds: b)
        try await changeDirectory("insert team \(team.id)") { c in try await c.query(query, logger: self.database.logger) }
    }

    func teams() async throws(StoreError) -> [Team] {
        try await database.run("read teams") { client in
            var out: [Team] = []
            for try await row in try await client.query("SELECT \(unescaped: Self.teamColumns) FROM teams ORDER BY created, id COLLATE \"C\"") {
                let r = PostgresRowReader(row)
                out.append(Team(
                    id: try r.text(0) ?? "", alias: try r.text(1), models: StoredJSON.strings(try r.text(2)),
                    budget: try Self.budget(r, max: 3, duration: 4), budgetAnchor: Date(timeIntervalSince1970: try r.double(5) ?? 0),
                    limits: try Self.limits(r, from: 6), metadata: StoredJSON.object(try r.text(9)),
                    createdAt: Date(timeIntervalSince1970: try r.double(10) ?? 0)))
            }
            return out
        }
    }

    func makeLedgerCommitter() -> any LedgerCommitting {
        AsyncLedgerWriter(store: self)
    }

    // MARK: Column codecs

    /// `$1, $2, …, $count`.
    static func placeholders(_ count: Int) -> String {
        (1...count).map { "$\($0)" }.joined(separator: ", ")
    }

    private static func bindings(_ key: VirtualKey) -> PostgresBindings {
        var b = PostgresBindings(capacity: 17)
        b.append(key.token)
        b.append(key.preview)
        b.append(key.alias)
        b.append(key.teamID)
        b.append(StoredJSON.text(key.models))
        append(key.budget, anchor: key.budgetAnchor, key.limits, to: &b)
        b.append(key.expiresAt?.timeIntervalSince1970)
        b.append(StoredJSON.text(key.metadata))
        b.append(key.createdAt.timeIntervalSince1970)
        b.append(key.secretDigest)
        b.append(key.previousDigest)
        b.append(key.previousValidUntil?.timeIntervalSince1970)
        return b
    }

    /// A key's or team's budget, anchor and limits: six columns, the order `budget(_:max:duration:)`
    /// and `limits(_:from:)` read them back in.
    private static func append(_ budget: Budget?, anchor: Date, _ limits: UsageLimits, to b: inout PostgresBindings) {
        b.append(finite: budget?.maxUSD)
        b.append(budget?.duration?.seconds)
        b.append(anchor.timeIntervalSince1970)
        b.append(limits.rpm)
        b.append(limits.tpm)
        b.append(limits.maxParallelRequests)
    }

    private static func budget(_ r: PostgresRowReader, max: Int, duration: Int) throws -> Budget? {
        guard let cap = try r.double(max) else { return nil }
        return Budget(maxUSD: cap, duration: try r.int(duration).flatMap { BudgetDuration(seconds: $0) })
    }

    private static func limits(_ r: PostgresRowReader, from column: Int) throws -> UsageLimits {
        UsageLimits(rpm: try r.int(column), tpm: try r.int(column + 1), maxParallelRequests: try r.int(column + 2))
    }
}
