extension ResponseCacheSettings {
    /// `{"ttl_ms", "max_entries", "max_bytes", "shared_across_keys"}`; `{}` takes every default.
    static func read(_ r: ConfigObjectReader) -> ResponseCacheSettings {
        let d = ResponseCacheSettings()
        return ResponseCacheSettings(
            ttl: r.milliseconds("ttl_ms", default: d.ttl),
            maxEntries: r.int("max_entries", default: d.maxEntries),
            maxBytes: r.int("max_bytes", default: d.maxBytes),
            sharedAcrossKeys: r.bool("shared_across_keys", default: d.sharedAcrossKeys)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = ResponseCacheSettings()
        var w = ConfigObjectWriter(style)
        w.add("ttl_ms", .milliseconds(ttl), default: .milliseconds(d.ttl))
        w.add("max_entries", .number(Double(maxEntries)), default: .number(Double(d.maxEntries)))
        w.add("max_bytes", .number(Double(maxBytes)), default: .number(Double(d.maxBytes)))
        w.add("shared_across_keys", .bool(sharedAcrossKeys), default: .bool(d.sharedAcrossKeys))
        return w.tree
    }
}
