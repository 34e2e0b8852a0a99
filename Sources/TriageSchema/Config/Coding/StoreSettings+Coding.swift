extension StoreSettings {
    /// `{"sqlite": {"path": "triage.db"}}` or
    /// `{"postgres": {"url": "env:TRIAGE_DATABASE_URL", "pool_size": 10, "connect_timeout_ms": 10000}}`:
    /// an object with exactly one member, named after the backend.
    static func read(_ tree: ConfigTree, at path: ConfigPath, log: ConfigIssueLog) -> StoreSettings? {
        let choices = ConfigObjectReader.alternatives(Kind.allCases.map(\.rawValue))
        return ConfigObjectReader.read(tree, at: path, log: log) { r -> StoreSettings? in
            let named = Kind.allCases.filter { r.contains($0.rawValue) }
            guard named.count == 1, let kind = named.first else {
                if named.count > 1 {
                    r.log.invalid(r.path, "names \(named.map(\.rawValue).joined(separator: " and ")); give one backend")
                } else if case .object(let members) = tree, members.isEmpty {
                    r.log.invalid(r.path, "must name one backend (\(choices))")
                }
                return nil  // unknown keys, such as a misspelt backend, are reported by the reader
            }
            switch kind {
            case .sqlite:
                return r.decode("sqlite", default: nil) { tree, at in
                    ConfigObjectReader.read(tree, at: at, log: r.log) { s in StoreSettings.sqlite(path: s.requiredString("path")) }
                }
            case .postgres:
                return r.decode("postgres", default: nil) { tree, at in
                    ConfigObjectReader.read(tree, at: at, log: r.log) { s in .postgres(PostgresStoreSettings.read(s)) }
                }
            }
        } ?? nil
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        switch self {
        case .sqlite(let path):
            var s = ConfigObjectWriter(style)
            s.add("path", .string(path))
            w.add("sqlite", s.tree)
        case .postgres(let settings):
            w.add("postgres", settings.tree(style))
        }
        return w.tree
    }
}

extension PostgresStoreSettings {
    /// `{"url", "pool_size", "connect_timeout_ms", "operation_timeout_ms", "refresh_ms", "replica_timeout_ms"}`;
    /// `url` is required.
    static func read(_ r: ConfigObjectReader) -> PostgresStoreSettings {
        if !r.contains("url") { r.log.invalid(r.path / "url", "is required (a postgres:// URL, usually env:NAME)") }
        let d = PostgresStoreSettings(url: .literal(""))
        return PostgresStoreSettings(
            url: r.secret("url") ?? .literal(""),
            poolSize: r.int("pool_size", default: defaultPoolSize),
            connectTimeout: r.milliseconds("connect_timeout_ms", default: d.connectTimeout),
            operationTimeout: r.milliseconds("operation_timeout_ms", default: d.operationTimeout),
            refreshInterval: r.milliseconds("refresh_ms", default: d.refreshInterval),
            replicaTimeout: r.milliseconds("replica_timeout_ms", default: d.replicaTimeout))
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = PostgresStoreSettings(url: url)
        var w = ConfigObjectWriter(style)
        w.add("url", .string(url.configText))
        w.add("pool_size", .number(Double(poolSize)), default: .number(Double(d.poolSize)))
        w.add("connect_timeout_ms", .milliseconds(connectTimeout), default: .milliseconds(d.connectTimeout))
        w.add("operation_timeout_ms", .milliseconds(operationTimeout), default: .milliseconds(d.operationTimeout))
        w.add("refresh_ms", .milliseconds(refreshInterval), default: .milliseconds(d.refreshInterval))
        w.add("replica_timeout_ms", .milliseconds(replicaTimeout), default: .milliseconds(d.replicaTimeout))
        return w.tree
    }
}
