extension ServerSettings {
    /// `{"host", "port", "max_request_body_bytes", "master_key", "drain_timeout_ms"}`.
    static func read(_ r: ConfigObjectReader) -> ServerSettings {
        let d = ServerSettings()
        return ServerSettings(
            host: r.string("host", default: d.host),
            port: r.int("port", default: d.port),
            maxRequestBodyBytes: r.int("max_request_body_bytes", default: d.maxRequestBodyBytes),
            masterKey: r.secret("master_key"),
            drainTimeout: r.milliseconds("drain_timeout_ms", default: d.drainTimeout)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = ServerSettings()
        var w = ConfigObjectWriter(style)
        w.add("host", .string(host), default: .string(d.host))
        w.add("port", .number(Double(port)), default: .number(Double(d.port)))
        w.add("max_request_body_bytes", .number(Double(maxRequestBodyBytes)),
              default: .number(Double(d.maxRequestBodyBytes)))
        w.add("master_key", masterKey.map { .string($0.configText) } ?? .null, default: .null)
        w.add("drain_timeout_ms", .milliseconds(drainTimeout), default: .milliseconds(d.drainTimeout))
        return w.tree
    }
}
