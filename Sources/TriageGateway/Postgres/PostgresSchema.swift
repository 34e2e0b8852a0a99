import Logging
import PostgresNIO

/// The PostgreSQL store's schema: `TelemetrySchema`'s migrations, numbered alike and
/// translated to PostgreSQL's types, with the versions applied recorded in `schema_migrations`.
///
/// The translation keeps what each value means, to the bit: times are Unix seconds as
/// `double precision` (SQLite's REAL), so a request's time, a budget period's start and a
/// report's range compare exactly as they do in SQLite; money is `double precision` because the
/// budgets' arithmetic is `Double` throughout and the ledger must give back exactly what it was
/// given; JSON columns stay `text`, because `jsonb` would reorder keys and reformat numbers the
/// gateway wrote; blobs are `bytea`.
enum PostgresSchema {
    /// One array of statements per migration (PostgreSQL runs one statement per query). Only
    /// ever appended; migrations 1 to 3 are `TelemetrySchema`'s, 4 exists only here
    /// (`PostgresSharedSchema`: what replicas share, which one SQLite file never needs), and 5 is
    /// SQLite's 4.
    static let migrations: [[String]] = [
        // 1: one row per request, one per feedback.
        [
            """
            CREATE TABLE requests (
                id text PRIMARY KEY,
                time double precision NOT NULL,
                api_key text,
                model text NOT NULL,
                served_group text,
                deployment text,
                status bigint NOT NULL,
                latency_ms double precision,
                ttft_ms double precision,
                prompt_tokens bigint,
                completion_tokens bigint,
                cost_usd double precision,
                features bytea,
                prompt text,
                decision text,
                cascade text,
                attempts text,
                episode_id text
            )
            """,
            "CREATE INDEX requests_by_time ON requests(time)",
            "CREATE INDEX requests_by_model ON requests(model, time)",
            """
            CREATE TABLE feedback (
                id text PRIMARY KEY,
                request_id text NOT NULL,
                metric text NOT NULL,
                value double precision NOT NULL,
                episode_id text,
                comment text,
                time double precision NOT NULL,
                UNIQUE (request_id, metric)
            )
            """,
        ],
        // 2: the bandits' additive statistics, one row per routed model and arm.
        [
            """
            CREATE TABLE bandit_arms (
                routed_model text NOT NULL,
                arm text NOT NULL,
                dimension bigint NOT NULL,
                ridge double precision NOT NULL,
                xx bytea NOT NULL,
                rx bytea NOT NULL,
                count bigint NOT NULL,
                updated double precision NOT NULL,
                PRIMARY KEY (routed_model, arm)
            )
            """,
        ],
        // 3: virtual keys (as SHA-256 digests), teams, and the spend ledger.
        [
            """
            CREATE TABLE teams (
                id text PRIMARY KEY,
                alias text,
                models text NOT NULL,
                max_budget double precision,
                budget_duration bigint,
                budget_anchor double precision NOT NULL,
                rpm bigint,
                tpm bigint,
                max_parallel bigint,
                metadata text NOT NULL,
                created double precision NOT NULL
            )
            """,
            """
            CREATE TABLE virtual_keys (
                token text PRIMARY KEY,
                preview text NOT NULL,
                alias text,
                team_id text,
                models text NOT NULL,
                max_budget double precision,
                budget_duration bigint,
                budget_anchor double precision NOT NULL,
                rpm bigint,
                tpm bigint,
                max_parallel bigint,
                expires double precision,
                metadata text NOT NULL,
                created double precision NOT NULL
            )
            """,
            """
            CREATE TABLE spend_requests (
                request_id text PRIMARY KEY,
                time double precision NOT NULL,
                key_token text,
                team_id text,
                model text NOT NULL,
                state text NOT NULL,
                reserved_usd double precision NOT NULL,
                cost_usd double precision NOT NULL,
                prompt_tokens bigint NOT NULL,
                completion_tokens bigint NOT NULL,
                status bigint,
                settled double precision
            )
            """,
            "CREATE INDEX spend_requests_by_time ON spend_requests(time)",
            "CREATE INDEX spend_requests_by_key ON spend_requests(key_token, time)",
            "CREATE INDEX spend_requests_by_team ON spend_requests(team_id, time)",
            """
            CREATE TABLE spend_charges (
                request_id text NOT NULL,
                sequence bigint NOT NULL,
                time double precision NOT NULL,
                model_group text NOT NULL,
                deployment text NOT NULL,
                state text NOT NULL,
                reserved_usd double precision NOT NULL,
                cost_usd double precision NOT NULL,
                prompt_tokens bigint NOT NULL,
                completion_tokens bigint NOT NULL,
                PRIMARY KEY (request_id, sequence)
            )
            """,
            "CREATE INDEX spend_charges_by_time ON spend_charges(time)",
            "CREATE INDEX spend_charges_by_group ON spend_charges(model_group, time)",
        ],
    ] + PostgresSharedSchema.migrations + [
        // 5: SQLite's 4 (a regenerated key's current secret and the previous one's grace period).
        [
            "ALTER TABLE virtual_keys ADD COLUMN secret_digest text",
            "ALTER TABLE virtual_keys ADD COLUMN previous_digest text",
            "ALTER TABLE virtual_keys ADD COLUMN previous_until double precision",
        ],
    ]

    /// Serialises migrations across replicas starting at once: a transaction-scoped advisory
    /// lock on this key ("triage" in ASCII, then 1).
    static let lockKey: Int64 = 0x7472_6961_6765_0001

    /// Applies the migrations the database lacks, in one transaction under the advisory lock,
    /// so N replicas starting together apply each once; refuses a database a newer Triage wrote.
    /// Returns the version the database is at.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws(StoreError) -> Int {
        do {
            return try await connection.withTransaction(logger: logger) { c in
                try await c.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                try await c.query("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY,
                        applied double precision NOT NULL DEFAULT extract(epoch FROM now())
                    )
                    """, logger: logger)
                var applied = 0
                for try await version in try await c.query("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations", logger: logger)
                    .decode(Int.self) { applied = version }
                guard applied <= migrations.count else {
                    throw StoreError("schema version \(applied) is newer than this build's \(migrations.count)", context: "migrate")
                }
                for version in applied..<migrations.count {
                    for statement in migrations[version] {
                        try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await c.query("INSERT INTO schema_migrations (version) VALUES (\(version + 1))", logger: logger)
                }
                return migrations.count
            }
        } catch {
            throw StoreError(postgres: error, context: "migrate the schema")
        }
    }
}
