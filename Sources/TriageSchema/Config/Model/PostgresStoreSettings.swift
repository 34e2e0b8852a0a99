/// How the gateway reaches its PostgreSQL store.
public struct PostgresStoreSettings: Sendable, Equatable {
    /// `postgres://user:password@host:port/database?sslmode=…`, usually `env:NAME` so the
    /// password stays out of the file (see `PostgresURL` for what is understood).
    public var url: SecretReference
    /// Connections the gateway opens at most, shared by the request log, the ledger and the
    /// admin API: the bound on what one replica asks of the server's `max_connections`.
    public var poolSize: Int
    /// How long opening one connection may take before it counts as failed (start-up refuses
    /// an unreachable server after this long, not never).
    public var connectTimeout: Duration

    public static let defaultPoolSize = 10
    /// More connections than any one replica can use; a typo such as 10000 is refused.
    public static let maxPoolSize = 1_000

    public init(url: SecretReference, poolSize: Int = Self.defaultPoolSize, connectTimeout: Duration = .seconds(10)) {
        self.url = url
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
    }
}
