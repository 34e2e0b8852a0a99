extension RetryPolicy {
    /// `{"max_retries", "backoff": {…}, "retry_after_cap_ms"}`.
    static func read(_ r: ConfigObjectReader) -> RetryPolicy {
        let d = RetryPolicy()
        return RetryPolicy(
            maxRetries: r.int("max_retries", default: d.maxRetries),
            backoff: r.object("backoff", default: d.backoff, Backoff.read),
            retryAfterCap: r.milliseconds("retry_after_cap_ms", default: d.retryAfterCap)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = RetryPolicy()
        var w = ConfigObjectWriter(style)
        w.add("max_retries", .number(Double(maxRetries)), default: .number(Double(d.maxRetries)))
        w.add("backoff", backoff.tree(style), default: [:])
        w.add("retry_after_cap_ms", .milliseconds(retryAfterCap), default: .milliseconds(d.retryAfterCap))
        return w.tree
    }
}

extension Backoff {
    /// `{"initial_ms", "max_ms", "multiplier", "jitter": "full" | "none"}`.
    static func read(_ r: ConfigObjectReader) -> Backoff {
        let d = Backoff()
        return Backoff(
            initial: r.milliseconds("initial_ms", default: d.initial),
            max: r.milliseconds("max_ms", default: d.max),
            multiplier: r.double("multiplier", default: d.multiplier),
            jitter: r.choice("jitter", default: d.jitter, noun: "jitter")
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = Backoff()
        var w = ConfigObjectWriter(style)
        w.add("initial_ms", .milliseconds(initial), default: .milliseconds(d.initial))
        w.add("max_ms", .milliseconds(max), default: .milliseconds(d.max))
        w.add("multiplier", .number(multiplier), default: .number(d.multiplier))
        w.add("jitter", .string(jitter.rawValue), default: .string(d.jitter.rawValue))
        return w.tree
    }
}
