import Logging
import PostgresNIO
import TriageSchema

/// The PostgreSQL database the gateway's two stores share: one bounded pool of connections,
/// opened after a first connection has proved the server reachable and migrated the schema.
final class PostgresDatabase: Sendable {
    let url: PostgresURL
    let logger: Logger
    let settings: PostgresStoreSettings
    /// Whether the server answers, as the calls that must not wait (admission, reservations,
    /// ledger batches) found it.
    let reachability = StoreReachability()
    private let client: PostgresClient
    /// Runs the pool (`PostgresClient.run`) until `close()` cancels it.
    private let runner: Task<Void, Never>

    /// Connects once (within the connect timeout, so a server that is down fails here with
    /// what the network said), migrates, then starts the pool.
    static func open(url: PostgresURL, settings: PostgresStoreSettings, logger: Logger) async throws(StoreError) -> PostgresDatabase {
        let context = "connect to \(url.redacted)"
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try url.connectionConfiguration(connectTimeout: settings.connectTimeout), id: 0, logger: logger)
            do {
                try await PostgresSchema.migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(postgres: error, context: context)
        }
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: settings.poolSize, connectTimeout: settings.connectTimeout), backgroundLogger: logger)
        // Returns once the runner has started: a query before `run()` waits (and PostgresNIO warns).
        let (started, signal) = AsyncStream<Void>.makeStream()
        let runner = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        return PostgresDatabase(url: url, settings: settings, logger: logger, client: client, runner: runner)
    }

    private init(url: PostgresURL, settings: PostgresStoreSettings, logger: Logger, client: PostgresClient, runner: Task<Void, Never>) {
        self.url = url
        self.settings = settings
        self.logger = logger
        self.client = client
        self.runner = runner
    }

    /// Closes the pool: connections close, later calls fail.
    func close() async {
        runner.cancel()
        await runner.value
    }

    /// Runs `body` with the pool's client, turning what it throws into a `StoreError`.
    func run<T: Sendable>(_ context: String, _ body: (PostgresClient) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body(client)
        } catch {
            throw StoreError(postgres: error, context: context)
        }
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws.
    func transaction<T: Sendable>(_ context: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError(postgres: error, context: context)
        }
    }

    /// Runs `body` within the operation timeout, failing at once while the server is known to
    /// be unreachable: for calls a request waits on. A `probe` (the heartbeat) tries anyway,
    /// and its success is what ends an outage.
    func guarded<T: Sendable>(
        _ context: String, probe: Bool = false, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws(StoreError) -> T {
        if !probe, let refusal = reachability.refusal() { throw refusal }
        let client = self.client
        do throws(StoreError) {
            let value = try await withStoreDeadline(settings.operationTimeout, context: context) { () async throws(StoreError) -> T in
                do {
                    return try await body(client)
                } catch {
                    throw StoreError(postgres: error, context: context)
                }
            }
            reachability.succeeded()
            return value
        } catch {
            reachability.failed(error)
            throw error
        }
    }

    /// `transaction`, within the operation timeout and failing at once while the server is
    /// known to be unreachable.
    func guardedTransaction<T: Sendable>(
        _ context: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        try await guarded(context) { client in
            try await client.withTransaction(logger: self.logger) { connection in try await body(connection) }
        }
    }
}
