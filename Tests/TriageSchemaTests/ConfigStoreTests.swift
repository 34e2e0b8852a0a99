import Foundation
import Testing
@testable import TriageSchema

/// The `store` key: its two backends, their rules, and how it agrees with `telemetry.path`.
@Suite("Config: store")
struct ConfigStoreTests {
    static let url = "postgres://triage:s3cret@127.0.0.1:5433/triage?sslmode=disable"

    @Test("no store keeps the SQLite file telemetry.path names, or none")
    func legacyTelemetryPath() throws {
        let none = try GatewayConfig.decode(ConfigFixtures.base)
        #expect(none.store == nil && none.effectiveStore == nil)
        let legacy = try GatewayConfig.decode(ConfigFixtures.base.setting("telemetry.path", to: "gw.db"))
        #expect(legacy.store == nil && legacy.effectiveStore == .sqlite(path: "gw.db"))
    }

    @Test("each backend decodes with its defaults and round-trips")
    func backends() throws {
        let sqlite = try GatewayConfig.decode(ConfigFixtures.base.setting("store", to: ["sqlite": ["path": "state.db"]]))
        #expect(sqlite.effectiveStore == .sqlite(path: "state.db"))
        let postgres = try GatewayConfig.decode(ConfigFixtures.base.setting("store", to: ["postgres": ["url": "env:TRIAGE_DATABASE_URL"]]))
        #expect(postgres.store == .postgres(PostgresStoreSettings(url: .environment("TRIAGE_DATABASE_URL"))))
        guard case .postgres(let settings) = postgres.store else { return }
        #expect(settings.poolSize == 10 && settings.connectTimeout == .seconds(10))
        let tuned = try GatewayConfig.decode(ConfigFixtures.base.setting(
            "store", to: ["postgres": ["url": .string(Self.url), "pool_size": 32, "connect_timeout_ms": 2_500]]))
        #expect(tuned.store == .postgres(PostgresStoreSettings(url: .literal(Self.url), poolSize: 32, connectTimeout: .milliseconds(2_500))))
        for config in [sqlite, postgres, tuned] {
            for style in [ConfigEncodingStyle.complete, .minimal] {
                #expect(try GatewayConfig.decode(json: config.jsonData(style: style)) == config)
            }
        }
        #expect(postgres.secretReferences.map(\.path.description) == ["store.postgres.url"])
        #expect(postgres.secretIssues(environment: [:]).map(\.description) == ["store.postgres.url: environment variable TRIAGE_DATABASE_URL is not set"])
    }

    @Test("a literal URL never shows up in the printed config's descriptions")
    func literalURLIsASecret() throws {
        let config = try GatewayConfig.decode(ConfigFixtures.base.setting("store", to: ["postgres": ["url": .string(Self.url)]]))
        #expect(!String(describing: config).contains("s3cret"))
        #expect(!String(reflecting: config).contains("s3cret"))
    }

    static let broken: [ConfigBrokenKey] = [
        .init("store", "sqlite", "store: must be an object, not a string"),
        .init("store", [:], "store: must name one backend (sqlite or postgres)"),
        .init("store", ["sqlite": ["path": "a.db"], "postgres": ["url": "env:DB"]], "store: names sqlite and postgres; give one backend"),
        .init("store", ["postgress": ["url": "env:DB"]], "unknown key \"postgress\" at store (did you mean \"postgres\"?)"),
        .init("store", ["sqlite": [:]], "store.sqlite.path: is required"),
        .init("store", ["sqlite": ["path": " "]], "store.sqlite.path: must not be empty"),
        .init("store", ["sqlite": ["path": "a.db", "wal": true]], "unknown key \"wal\" at store.sqlite"),
        .init("store", ["postgres": [:]], "store.postgres.url: is required (a postgres:// URL, usually env:NAME)"),
        .init("store", ["postgres": ["url": 5]], "store.postgres.url: must be a string such as \"env:NAME\", not a number"),
        .init("store", ["postgres": ["url": "env:9DB"]],
              "store.postgres.url: must name an environment variable after env: (letters, digits and _, not starting with a digit)"),
        .init("store", ["postgres": ["url": "mysql://u@h/db"]],
              "store.postgres.url: is not a PostgreSQL URL Triage can use: it must start with postgres:// or postgresql://"),
        .init("store", ["postgres": ["url": "postgres://u:pw@h:99999/db"]],
              "store.postgres.url: is not a PostgreSQL URL Triage can use: it has port \"99999\" (expected 1 to 65535)"),
        .init("store", ["postgres": ["url": "env:DB", "pool_size": 0]], "store.postgres.pool_size: must be between 1 and 1000"),
        .init("store", ["postgres": ["url": "env:DB", "pool_size": 5_000]], "store.postgres.pool_size: must be between 1 and 1000"),
        .init("store", ["postgres": ["url": "env:DB", "connect_timeout_ms": 0]], "store.postgres.connect_timeout_ms: must be a positive integer"),
    ]

    @Test("a broken store names its path", arguments: broken)
    func brokenStore(_ rule: ConfigBrokenKey) {
        #expect(ConfigFixtures.issues(ConfigFixtures.base.setting(rule.path, to: rule.value)) == [rule.expected])
    }

    @Test("telemetry.path may name the store's SQLite file, never another store")
    func telemetryPathAgreesWithStore() throws {
        let same = ConfigFixtures.base.setting("store", to: ["sqlite": ["path": "a.db"]]).setting("telemetry.path", to: "a.db")
        #expect(try GatewayConfig.decode(same).effectiveStore == .sqlite(path: "a.db"))
        let other = ConfigFixtures.base.setting("store", to: ["sqlite": ["path": "a.db"]]).setting("telemetry.path", to: "b.db")
        #expect(ConfigFixtures.issues(other) == [
            "telemetry.path: names \"b.db\" but store.sqlite.path names \"a.db\": the request log, keys and spend share one store; name the file once, as store.sqlite.path",
        ])
        let postgres = ConfigFixtures.base.setting("store", to: ["postgres": ["url": "env:DB"]]).setting("telemetry.path", to: "a.db")
        #expect(ConfigFixtures.issues(postgres) == [
            "telemetry.path: names an SQLite file but the store is PostgreSQL, which holds the request log too; remove telemetry.path",
        ])
    }

    @Test("the password never appears in a URL error")
    func urlErrorsHideThePassword() {
        let issues = ConfigFixtures.issues(ConfigFixtures.base.setting("store", to: ["postgres": ["url": "postgres://u:hunter2@h/db?sslmode=maybe"]]))
        #expect(issues.count == 1 && issues[0].contains("sslmode \"maybe\""), "\(issues)")
        #expect(!issues.joined().contains("hunter2"))
    }
}
