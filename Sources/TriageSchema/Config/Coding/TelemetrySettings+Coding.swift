extension TelemetrySettings {
    /// `{"path", "store_prompts", "store_features", "retention_days", "queue_capacity", "batch_size", "flush_interval_ms"}`.
    static func read(_ r: ConfigObjectReader) -> TelemetrySettings {
        let d = TelemetrySettings()
        return TelemetrySettings(
            path: r.optionalString("path"),
            storePrompts: r.bool("store_prompts", default: d.storePrompts),
            storeFeatures: r.bool("store_features", default: d.storeFeatures),
            retentionDays: r.int("retention_days", default: d.retentionDays),
            queueCapacity: r.int("queue_capacity", default: d.queueCapacity),
            batchSize: r.int("batch_size", default: d.batchSize),
            flushInterval: r.milliseconds("flush_interval_ms", default: d.flushInterval))
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = TelemetrySettings()
        var w = ConfigObjectWriter(style)
        w.add("path", .text(path), default: nil)
        w.add("store_prompts", .bool(storePrompts), default: .bool(d.storePrompts))
        w.add("store_features", .bool(storeFeatures), default: .bool(d.storeFeatures))
        w.add("retention_days", .number(Double(retentionDays)), default: .number(Double(d.retentionDays)))
        w.add("queue_capacity", .number(Double(queueCapacity)), default: .number(Double(d.queueCapacity)))
        w.add("batch_size", .number(Double(batchSize)), default: .number(Double(d.batchSize)))
        w.add("flush_interval_ms", .milliseconds(flushInterval), default: .milliseconds(d.flushInterval))
        return w.tree
    }
}
