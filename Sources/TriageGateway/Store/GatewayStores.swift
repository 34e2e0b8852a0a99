import Logging
import TriageSchema

/// The store a config names, opened: the request-log half and the keys-and-spend half, over one
/// SQLite file or one PostgreSQL database (and its one bounded pool of connections).
///
/// Opening checks everything a running gateway would otherwise find out on its first request:
/// the file opens, or the server answers, accepts the credentials and holds a schema this build
/// can use (migrated on the way). Every failure names the config key that chose the store.
public struct GatewayStores: Sendable {
    /// nil without a request log (neither `store` nor `telemetry.path` set).
    public let telemetry: (any TelemetryStore)?
    let governance: any GovernanceStore
    /// Where the state lives, for people: a file, a PostgreSQL URL without its password, or
    /// "memory".
    public let location: String
    private let closeDatabase: @Sendable () async -> Void

    /// Opens (and migrates) what `config.effectiveStore` names; `env:` secrets are read from
    /// `environment`.
    public static func open(
        _ config: GatewayConfig, environment: [String: String], logger: Logger = Logger(label: "triage.store")
    ) async throws(StoreError) -> GatewayStores {
        switch config.effectiveStore {
        case nil:
            return try memory()
        case .sqlite(let path):
            return try sqlite(path: path, settings: TelemetryStoreSettings(config.telemetry),
                              key: config.store == nil ? "telemetry.path" : "store.sqlite.path")
        case .postgres(let settings):
            return try await postgres(settings, telemetry: TelemetryStoreSettings(config.telemetry), environment: environment, logger: logger)
        }
    }

    /// Stops the request log's writer (what is queued is written), then the database's pool.
    /// Close governance (`Governance.close()`) first: its last settlements need the store.
    public func close() async {
        await telemetry?.shutdown()
        await closeDatabase()
    }

    /// Keys and spend in memory only, and no request log.
    static func memory() throws(StoreError) -> GatewayStores {
        do throws(SQLiteError) {
            return GatewayStores(telemetry: nil, governance: try SQLiteGovernanceStore(path: ":memory:"), location: "memory", closeDatabase: {})
        } catch {
            throw StoreError(error)
        }
    }

    static func sqlite(path: String, settings: TelemetryStoreSettings, key: String) throws(StoreError) -> GatewayStores {
        do throws(SQLiteError) {
            let telemetry = try SQLiteTelemetryStore(path: path, settings: settings)
            do throws(SQLiteError) {
                let governance = try SQLiteGovernanceStore(path: path)
                return GatewayStores(telemetry: telemetry, governance: governance, location: path, closeDatabase: {})
            } catch {
                telemetry.close()
                throw error
            }
        } catch {
            throw StoreError(error).at(key)
        }
    }

    static func postgres(
        _ settings: PostgresStoreSettings, telemetry: TelemetryStoreSettings, environment: [String: String], logger: Logger
    ) async throws(StoreError) -> GatewayStores {
        let key = "store.postgres.url"
        let text: String
        do throws(SecretResolutionError) {
            text = try settings.url.resolve(in: environment)
        } catch {
            throw StoreError(error.description, context: key)
        }
        let url: PostgresURL
        do throws(PostgresURLError) {
            url = try PostgresURL(parsing: text)
        } catch {
            throw StoreError("the URL \(error.message)", context: "\(key) (\(settings.url))")
        }
        let database: PostgresDatabase
        do throws(StoreError) {
            database = try await PostgresDatabase.open(url: url, settings: settings, logger: logger)
        } catch {
            throw error.at("store.postgres")
        }
        return GatewayStores(
            telemetry: PostgresTelemetryStore(database: database, settings: telemetry), governance: PostgresGovernanceStore(database: database),
            location: url.redacted, closeDatabase: { await database.close() })
    }
}

extension StoreError {
    /// The same error, prefixed with the config key that named the store.
    func at(_ key: String) -> StoreError {
        StoreError(message, context: "\(key): \(context)", code: code, unreachable: unreachable)
    }
}
