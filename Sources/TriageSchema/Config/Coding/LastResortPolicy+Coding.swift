extension LastResortPolicy {
    /// `{"cache": true, "static_answer": "The service is degraded; please retry later."}`.
    static func read(_ r: ConfigObjectReader) -> LastResortPolicy {
        LastResortPolicy(cache: r.bool("cache", default: false), staticAnswer: r.optionalString("static_answer"))
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("cache", .bool(cache), default: .bool(false))
        w.add("static_answer", .text(staticAnswer), default: .null)
        return w.tree
    }
}
