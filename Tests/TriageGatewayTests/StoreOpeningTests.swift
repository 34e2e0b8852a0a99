import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TriageSchema
@testable import TriageGateway

/// Opening a store: migrations applied once (even by replicas starting together), a newer
/// schema refused, and every way a PostgreSQL store can be out of reach named clearly.
@Suite struct StoreOpeningTests {
    @Test(arguments: StoreBackend.allCases)
    func replicasOpeningTogetherMigrateOnceAndShareState(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let opened = try await withThrowingTaskGroup(of: GatewayStores.self) { group in
                for _ in 0..<4 { group.addTask { try await place.open() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await opened[0].governance.insert(StoreKeysTests.key(1))
            for stores in opened {
                #expect(try await stores.governance.keys() == [StoreKeysTests.key(1)], "one database, whoever opened it")
            }
            for stores in opened { await stores.close() }
            if case .postgres = backend {
                try await place.execute("INSERT INTO schema_migrations (version) VALUES (\(PostgresSchema.migrations.count + 1))")
            } else {
                try await place.execute("PRAGMA user_version = \(TelemetrySchema.migrations.count + 1)")
            }
            do {
                let stores = try await place.open()
                await stores.close()
                Issue.record("a database from a newer build was opened")
            } catch {
                let current = backend == .postgres ? PostgresSchema.migrations.count : TelemetrySchema.migrations.count
                let newer = current + 1
                #expect("\(error)".contains("schema version \(newer) is newer than this build's \(current)"), "\(error)")
            }
        }
    }

    @Test func postgresHasSQLitesMigrationsThenWhatReplicasShare() {
        #expect(PostgresSchema.migrations.count == TelemetrySchema.migrations.count + PostgresSharedSchema.migrations.count)
    }

    @Test func aServerThatIsDownStopsStartUpWithWhatTheNetworkSaid() async throws {
        // A port nothing listens on: bound, then closed.
        let port = try Self.closedPort()
        var config = GatewayTests.config()
        config.store = .postgres(PostgresStoreSettings(url: .literal("postgres://triage:pw@127.0.0.1:\(port)/triage?sslmode=disable"),
                                                       connectTimeout: .seconds(2)))
        let started = ContinuousClock.now
        do {
            _ = try await GatewayStores.open(config, environment: [:])
            Issue.record("opened a store on a closed port")
        } catch {
            #expect(error.description.hasPrefix("store.postgres: connect to postgres://triage@127.0.0.1:\(port)/triage: "), "\(error)")
            #expect(error.description.lowercased().contains("refused"), "\(error)")
            #expect(!error.description.contains("pw"), "never the password")
        }
        #expect(ContinuousClock.now - started < .seconds(20), "refused at once (a loaded machine may be slow to say so)")
    }

    @Test func aMissingOrBadURLNamesTheKey() async throws {
        var config = GatewayTests.config()
        config.store = .postgres(PostgresStoreSettings(url: .environment("TRIAGE_TEST_NO_SUCH_URL")))
        do {
            _ = try await GatewayStores.open(config, environment: [:])
            Issue.record("opened a store without its URL")
        } catch {
            #expect(error.description == "store.postgres.url: environment variable TRIAGE_TEST_NO_SUCH_URL is not set")
        }
        do {
            _ = try await GatewayStores.open(config, environment: ["TRIAGE_TEST_NO_SUCH_URL": "postgres://u:secret@h:0/db"])
            Issue.record("opened a store at port 0")
        } catch {
            #expect(error.description == "store.postgres.url (env:TRIAGE_TEST_NO_SUCH_URL): the URL has port \"0\" (expected 1 to 65535)")
        }
    }

    @Test func aWrongPasswordIsTheServersMessage() async throws {
        let server = try StoreBackend.postgresServer()
        var wrong = server
        wrong.password = "not-the-password"
        var config = GatewayTests.config()
        config.store = .postgres(PostgresStoreSettings(url: .literal(wrong.text)))
        do {
            _ = try await GatewayStores.open(config, environment: [:])
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.description.contains("password authentication failed"), "\(error)")
            #expect(error.description.contains("SQLSTATE 28P01"), "\(error)")
            #expect(!error.description.contains("not-the-password"))
        }
    }

    @Test func anSQLiteFileThatCannotBeOpenedNamesTheKeyThatChoseIt() async throws {
        var config = GatewayTests.config()
        config.telemetry.path = "/proc/no-such-dir/triage.db"
        do {
            _ = try await GatewayStores.open(config, environment: [:])
            Issue.record("opened an impossible path")
        } catch {
            #expect(error.description.hasPrefix("telemetry.path: open /proc/no-such-dir/triage.db: "), "\(error)")
        }
        config.telemetry.path = nil
        config.store = .sqlite(path: "/proc/no-such-dir/triage.db")
        do {
            _ = try await GatewayStores.open(config, environment: [:])
            Issue.record("opened an impossible path")
        } catch {
            #expect(error.description.hasPrefix("store.sqlite.path: open /proc/no-such-dir/triage.db: "), "\(error)")
        }
    }

    /// A port of 127.0.0.1 that nothing listens on: bound by the system's choice, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension StoreOpeningTests {
    /// The store is opened at start; a reload naming another is refused and the running
    /// configuration keeps serving.
    @Test func aReloadCannotMoveTheGatewayToAnotherStore() async throws {
        var config = GatewayTests.config()
        config.telemetry.path = nil
        let state = try await GatewayState(config: config, environment: [:])
        var moved = config
        moved.store = .sqlite(path: TemporaryDatabase.path("moved"))
        do {
            try await state.replace(with: moved)
            Issue.record("a reload moved the store")
        } catch {
            #expect(error.issues.map(\.path.description) == ["store"], "\(error)")
        }
        #expect(state.current.store == nil)
        var tuned = config
        tuned.telemetry.storePrompts = true
        try await state.replace(with: tuned)
        #expect(state.current.telemetry.storePrompts, "the same store with other settings reloads")
    }
}

extension StoreOpeningTests {
    /// The PostgreSQL half's server: on loopback, answering, and new enough for the schema
    /// (`DROP DATABASE … WITH (FORCE)` and the migrations need 13 or later). Without
    /// `TRIAGE_TEST_POSTGRES_URL` this says why the PostgreSQL cases are skipped.
    @Test func thePostgresServerIsOnLoopbackAndAnswers() async throws {
        let server = try StoreBackend.postgresServer()
        #expect(server.host == "127.0.0.1")
        var config = GatewayTests.config()
        config.telemetry.path = nil
        config.store = .postgres(PostgresStoreSettings(url: .literal(server.text)))
        let stores = try await GatewayStores.open(config, environment: [:])
        await stores.close()
        let version = try await StoreBackend.serverVersion(server)
        #expect(version >= 130_000, "PostgreSQL \(version)")
    }
}
