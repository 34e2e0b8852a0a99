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
    /// The longest a request waits on the database for an admission, a reservation or a batch
    /// of ledger writes before the store counts as down (and the outage modes apply).
    public var operationTimeout: Duration
    /// How often a replica beats its heartbeat, reads key and team changes other replicas
    /// made, and merges what its bandits learned.
    public var refreshInterval: Duration
    /// A replica silent for this long is dead: another settles what it left reserved.
    public var replicaTimeout: Duration

    public static let defaultPoolSize = 10
    /// More connections than any one replica can use; a typo such as 10000 is refused.
    public static let maxPoolSize = 1_000

    public init(
        url: SecretReference, poolSize: Int = Self.defaultPoolSize, connectTimeout: Duration = .seconds(10),
        operationTimeout: Duration = .seconds(2), refreshInterval: Duration = .seconds(1), replicaTimeout: Duration = .seconds(15)
    ) {
        self.url = url
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.refreshInterval = refreshInterval
        self.replicaTimeout = replicaTimeout
    }
}
