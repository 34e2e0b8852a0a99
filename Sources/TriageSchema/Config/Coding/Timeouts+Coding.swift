extension Timeouts {
    /// `{"total_ms", "attempt_ms", "ttft_ms"}`.
    static func read(_ r: ConfigObjectReader) -> Timeouts {
        let d = Timeouts()
        return Timeouts(
            total: r.milliseconds("total_ms", default: d.total),
            attempt: r.milliseconds("attempt_ms", default: d.attempt),
            ttft: r.milliseconds("ttft_ms", default: d.ttft)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = Timeouts()
        var w = ConfigObjectWriter(style)
        w.add("total_ms", .milliseconds(total), default: .milliseconds(d.total))
        w.add("attempt_ms", .milliseconds(attempt), default: .milliseconds(d.attempt))
        w.add("ttft_ms", .milliseconds(ttft), default: .milliseconds(d.ttft))
        return w.tree
    }
}
