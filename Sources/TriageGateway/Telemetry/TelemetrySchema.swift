/// The telemetry database's schema, as numbered migrations.
///
/// `PRAGMA user_version` holds the number of migrations applied; opening a database applies
/// the missing ones in order, each in its own transaction, so a database written by an older
/// Triage is brought up to date and one written by a newer Triage is refused rather than
/// misread. Migrations are only ever appended.
enum TelemetrySchema {
    static let migrations: [String] = [
        // 1: one row per request, one per feedback.
        """
        CREATE TABLE requests (
            id TEXT PRIMARY KEY,
            time REAL NOT NULL,
            api_key TEXT,
            model TEXT NOT NULL,
            served_group TEXT,
            deployment TEXT,
            status INTEGER NOT NULL,
            latency_ms REAL,
            ttft_ms REAL,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            cost_usd REAL,
            features BLOB,
            prompt TEXT,
            decision TEXT,
            cascade TEXT,
            attempts TEXT,
            episode_id TEXT
        );
        CREATE INDEX requests_by_time ON requests(time);
        CREATE INDEX requests_by_model ON requests(model, time);
        CREATE TABLE feedback (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            episode_id TEXT,
            comment TEXT,
            time REAL NOT NULL,
            UNIQUE (request_id, metric)
        );
        """,
        // 2: the bandits' additive statistics, one row per routed model and arm (candidate group).
        """
        CREATE TABLE bandit_arms (
            routed_model TEXT NOT NULL,
            arm TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            ridge REAL NOT NULL,
            xx BLOB NOT NULL,
            rx BLOB NOT NULL,
            count INTEGER NOT NULL,
            updated REAL NOT NULL,
            PRIMARY KEY (routed_model, arm)
        );
        """,
        // 3: virtual keys (as SHA-256 digests), teams, and the spend ledger: one row per request
        // and one per attempt reserved (its worst case) and settled (its billed cost).
        """
        CREATE TABLE teams (
            id TEXT PRIMARY KEY,
            alias TEXT,
            models TEXT NOT NULL,
            max_budget REAL,
            budget_duration INTEGER,
            budget_anchor REAL NOT NULL,
            rpm INTEGER,
            tpm INTEGER,
            max_parallel INTEGER,
            metadata TEXT NOT NULL,
            created REAL NOT NULL
        );
        CREATE TABLE virtual_keys (
            token TEXT PRIMARY KEY,
            preview TEXT NOT NULL,
            alias TEXT,
            team_id TEXT,
            models TEXT NOT NULL,
            max_budget REAL,
            budget_duration INTEGER,
            budget_anchor REAL NOT NULL,
            rpm INTEGER,
            tpm INTEGER,
            max_parallel INTEGER,
            expires REAL,
            metadata TEXT NOT NULL,
            created REAL NOT NULL
        );
        CREATE TABLE spend_requests (
            request_id TEXT PRIMARY KEY,
            time REAL NOT NULL,
            key_token TEXT,
            team_id TEXT,
            model TEXT NOT NULL,
            state TEXT NOT NULL,
            reserved_usd REAL NOT NULL,
            cost_usd REAL NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            status INTEGER,
            settled REAL
        );
        CREATE INDEX spend_requests_by_time ON spend_requests(time);
        CREATE INDEX spend_requests_by_key ON spend_requests(key_token, time);
        CREATE INDEX spend_requests_by_team ON spend_requests(team_id, time);
        CREATE TABLE spend_charges (
            request_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            time REAL NOT NULL,
            model_group TEXT NOT NULL,
            deployment TEXT NOT NULL,
            state TEXT NOT NULL,
            reserved_usd REAL NOT NULL,
            cost_usd REAL NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            PRIMARY KEY (request_id, sequence)
        );
        CREATE INDEX spend_charges_by_time ON spend_charges(time);
        CREATE INDEX spend_charges_by_group ON spend_charges(model_group, time);
        """,
        // 4: a regenerated key's current secret, and the previous one's grace period.
        """
        ALTER TABLE virtual_keys ADD COLUMN secret_digest TEXT;
        ALTER TABLE virtual_keys ADD COLUMN previous_digest TEXT;
        ALTER TABLE virtual_keys ADD COLUMN previous_until REAL;
        """,
    ]

    /// Applies the migrations `connection` lacks.
    /// The version is read inside the same write transaction that applies the migrations, so
    /// two processes opening a new file at once cannot both apply them.
    static func migrate(_ connection: SQLiteConnection) throws(SQLiteError) {
        try connection.transaction { () throws(SQLiteError) in
            let applied = Int(try connection.integer("PRAGMA user_version") ?? 0)
            guard applied <= migrations.count else {
                throw SQLiteError(code: 0, message: "schema version \(applied) is newer than this build's \(migrations.count)",
                                  context: "open \(connection.path)")
            }
            for version in applied..<migrations.count {
                try connection.execute(migrations[version], context: "migration \(version + 1)")
                try connection.execute("PRAGMA user_version = \(version + 1)", context: "record migration \(version + 1)")
            }
        }
    }
}
