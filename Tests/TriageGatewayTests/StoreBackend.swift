import Foundation
import Logging
import PostgresNIO
import Testing
import TriageSchema
@testable import TriageGateway

/// The backends the store suite runs against: each test takes one as its argument and gets a
/// fresh, empty store of that kind.
///
/// PostgreSQL needs a server: `TRIAGE_TEST_POSTGRES_URL` names a database on 127.0.0.1 that the
/// tests may create databases beside (`Scripts/postgres` starts one and sets it; `Scripts/test`
/// runs the Swift tests under it). Without it, the PostgreSQL case of each test is cancelled
/// with a message saying so; the SQLite case runs everywhere.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let variable = "TRIAGE_TEST_POSTGRES_URL"

    var testDescription: String { rawValue }

    /// Runs `body` with a new empty place for a store, removed afterwards.
    func withPlace<T>(_ body: (StorePlace) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let path = TemporaryDatabase.path("store")
            defer { TemporaryDatabase.remove(path) }
            return try await body(StorePlace(backend: self, store: .sqlite(path: path)))
        case .postgres:
            let admin = try Self.postgresServer()
            let name = "triage_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.onServer(admin, "CREATE DATABASE \(name)")
            let outcome: Result<T, any Error>
            do {
                var url = admin
                url.database = name
                outcome = .success(try await body(StorePlace(backend: self, store: .postgres(
                    PostgresStoreSettings(url: .literal(url.text), poolSize: 4, connectTimeout: .seconds(5),
                                          // Beside hundreds of parallel tests a batch can take seconds; that is no outage.
                                          operationTimeout: .seconds(30))))))
            } catch {
                outcome = .failure(error)
            }
            try await Self.onServer(admin, "DROP DATABASE \(name) WITH (FORCE)")
            return try outcome.get()
        }
    }

    /// The server the PostgreSQL half runs on; cancels the test case when there is none, fails
    /// it when the variable names anything but 127.0.0.1.
    static func postgresServer() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else {
            try Test.cancel("\(variable) is not set: the PostgreSQL half of the store tests is skipped (Scripts/test runs it through Scripts/postgres)")
        }
        let url = try PostgresURL(parsing: text)
        try #require(url.host == "127.0.0.1", "\(variable) must name a server on 127.0.0.1, not \(url.host): the tests create and drop databases")
        return url
    }

    /// `server_version_num`: 150018 for 15.18.
    static func serverVersion(_ url: PostgresURL) async throws -> Int {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(connectTimeout: .seconds(5)), id: 1, logger: Logger(label: "triage.tests"))
        var version = 0
        do {
            for try await text in try await connection.query("SHOW server_version_num", logger: Logger(label: "triage.tests")).decode(String.self) {
                version = Int(text) ?? 0
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return version
    }

    /// Runs one statement on the server's own database (creating and dropping test databases).
    static func onServer(_ url: PostgresURL, _ sql: String) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(connectTimeout: .seconds(5)), id: 1, logger: Logger(label: "triage.tests"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "triage.tests"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// Where one test's store lives. Opened as often as a test likes, as a restarted gateway would.
struct StorePlace: Sendable {
    let backend: StoreBackend
    let store: StoreSettings

    /// The fast simulated gateway config, keeping its state here.
    func config(_ base: GatewayConfig = GatewayTests.config()) -> GatewayConfig {
        var c = base
        c.store = store
        c.telemetry.path = nil  // the defaults' triage.db; the store names the file now
        c.telemetry.flushInterval = .milliseconds(5)
        return c
    }

    func open(_ settings: TelemetrySettings? = nil) async throws -> GatewayStores {
        var c = config()
        if let settings { c.telemetry = settings }
        return try await GatewayStores.open(c, environment: [:])
    }

    /// Opens, runs `body`, closes (also when `body` throws).
    func withStores<T>(_ settings: TelemetrySettings? = nil, _ body: (GatewayStores) async throws -> T) async throws -> T {
        let stores = try await open(settings)
        do {
            let value = try await body(stores)
            await stores.close()
            return value
        } catch {
            await stores.close()
            throw error
        }
    }

    /// Runs raw SQL on the place (setting up states a test needs, such as a newer schema).
    func execute(_ sql: String) async throws {
        switch store {
        case .sqlite(let path):
            try SQLiteConnection(path: path).execute(sql, context: "test")
        case .postgres(let settings):
            guard case .literal(let text) = settings.url else { return }
            try await StoreBackend.onServer(try PostgresURL(parsing: text), sql)
        }
    }
}

extension PostgresURL {
    /// The URL as the config would hold it.
    var text: String {
        let encode = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        let credentials = encode(user) + (password.map { ":" + encode($0) } ?? "")
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(shownHost):\(port)/\(encode(database))?sslmode=\(tls.rawValue)"
    }
}

extension GatewayStores {
    var telemetryStore: any TelemetryStore {
        get throws { try #require(telemetry) }
    }
}
