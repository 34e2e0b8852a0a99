extension SimulatedFaults {
    /// Rate keys, in the order the table in CONFIG.md lists them.
    static var rateKeys: [(key: String, value: WritableKeyPath<SimulatedFaults, Double>)] { [
        ("rate_limit", \.rateLimit),
        ("server_error", \.serverError),
        ("unavailable", \.unavailable),
        ("timeout", \.timeout),
        ("connection_reset", \.connectionReset),
        ("malformed_json", \.malformedJSON),
        ("context_window", \.contextWindow),
    ] }

    /// `{"rate_limit": 0.05, …, "retry_after_s": 2}`.
    static func read(_ r: ConfigObjectReader) -> SimulatedFaults {
        var faults = SimulatedFaults()
        for (key, value) in rateKeys {
            faults[keyPath: value] = r.double(key, default: 0)
        }
        faults.retryAfter = r.seconds("retry_after_s", default: faults.retryAfter)
        return faults
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        for (key, value) in Self.rateKeys {
            w.add(key, .number(self[keyPath: value]), default: 0)
        }
        w.add("retry_after_s", .seconds(retryAfter), default: .seconds(SimulatedFaults().retryAfter))
        return w.tree
    }
}
