/// Where the gateway keeps its state: the request log, feedback, the bandits' statistics,
/// virtual keys, teams and the spend ledger. The config's `store` names one backend, as a
/// tagged object: `{"sqlite": {"path": …}}` or `{"postgres": {"url": …, "pool_size": …}}`.
public enum StoreSettings: Sendable, Equatable {
    /// One SQLite file in WAL mode, for one gateway process: the embedded default.
    case sqlite(path: String)
    /// A PostgreSQL database, which several gateway replicas can share.
    case postgres(PostgresStoreSettings)

    /// The config's tag for each case.
    public enum Kind: String, Sendable, CaseIterable {
        case sqlite
        case postgres
    }

    public var kind: Kind {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}
