extension FallbackPolicy {
    /// `{"generic": [...], "rate_limit": [...], "context_window": [...], "content_policy": [...],
    /// "max_fallbacks"}`; a class left out (or `null`) uses `generic`.
    static func read(_ r: ConfigObjectReader) -> FallbackPolicy {
        FallbackPolicy(
            generic: r.strings("generic"),
            rateLimit: r.optionalStrings("rate_limit"),
            contextWindow: r.optionalStrings("context_window"),
            contentPolicy: r.optionalStrings("content_policy"),
            maxFallbacks: r.int("max_fallbacks", default: FallbackPolicy().maxFallbacks)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("generic", .strings(generic), default: [])
        w.add("rate_limit", rateLimit.map(ConfigTree.strings) ?? .null, default: .null)
        w.add("context_window", contextWindow.map(ConfigTree.strings) ?? .null, default: .null)
        w.add("content_policy", contentPolicy.map(ConfigTree.strings) ?? .null, default: .null)
        w.add("max_fallbacks", .number(Double(maxFallbacks)), default: .number(Double(FallbackPolicy().maxFallbacks)))
        return w.tree
    }
}
