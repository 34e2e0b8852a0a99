extension GatewayConfig {
    /// The store's own rules, and its agreement with `telemetry.path`, which older configs use
    /// to name the SQLite file: both may name the same file, never two different stores.
    func validateStore(log: ConfigIssueLog) {
        guard let store else { return }
        let path = ConfigPath.root / "store"
        switch store {
        case .sqlite(let file):
            log.notEmpty(file, path / "sqlite" / "path")
            if let legacy = telemetry.path, legacy != file {
                log.invalid(ConfigPath.root / "telemetry" / "path",
                            "names \"\(legacy)\" but store.sqlite.path names \"\(file)\": the request log, keys and spend share one store; name the file once, as store.sqlite.path")
            }
        case .postgres(let settings):
            let at = path / "postgres"
            log.secret(settings.url, at / "url")
            // A literal URL is checked now; an env: one when the gateway starts.
            if case .literal(let text) = settings.url, !text.allSatisfy(\.isWhitespace) {
                do throws(PostgresURLError) {
                    _ = try PostgresURL(parsing: text)
                } catch {
                    log.invalid(at / "url", "is not a PostgreSQL URL Triage can use: it \(error.message)")
                }
            }
            log.check((1...PostgresStoreSettings.maxPoolSize).contains(settings.poolSize), at / "pool_size",
                      "must be between 1 and \(PostgresStoreSettings.maxPoolSize)")
            log.positive(settings.connectTimeout, at / "connect_timeout_ms")
            log.positive(settings.operationTimeout, at / "operation_timeout_ms")
            log.positive(settings.refreshInterval, at / "refresh_ms")
            log.check(settings.replicaTimeout >= settings.refreshInterval * 3, at / "replica_timeout_ms",
                      "must be at least three refresh intervals (\(settings.refreshInterval * 3)), or a live replica could be taken for dead")
            if telemetry.path != nil {
                log.invalid(ConfigPath.root / "telemetry" / "path",
                            "names an SQLite file but the store is PostgreSQL, which holds the request log too; remove telemetry.path")
            }
        }
    }
}
