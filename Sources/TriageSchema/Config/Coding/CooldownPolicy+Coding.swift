extension CooldownPolicy {
    /// `{"consecutive_failures", "error_rate": {…} | null, "duration_ms"}`; `null` turns a
    /// trigger off.
    static func read(_ r: ConfigObjectReader) -> CooldownPolicy {
        let d = CooldownPolicy()
        return CooldownPolicy(
            consecutiveFailures: r.optionalInt("consecutive_failures", default: d.consecutiveFailures),
            errorRate: r.decode("error_rate", default: d.errorRate) { tree, path in
                if tree == .null { return .some(nil) }
                return ConfigObjectReader.read(tree, at: path, log: r.log, ErrorRateTrigger.read).map { Optional($0) }
            },
            duration: r.milliseconds("duration_ms", default: d.duration)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = CooldownPolicy()
        var w = ConfigObjectWriter(style)
        w.add("consecutive_failures", .int(consecutiveFailures), default: .int(d.consecutiveFailures))
        if let errorRate {
            w.add("error_rate", errorRate.tree(style), default: [:])
        } else {
            w.add("error_rate", .null)
        }
        w.add("duration_ms", .milliseconds(duration), default: .milliseconds(d.duration))
        return w.tree
    }
}

extension ErrorRateTrigger {
    /// `{"threshold", "window_ms", "min_requests"}`.
    static func read(_ r: ConfigObjectReader) -> ErrorRateTrigger {
        let d = ErrorRateTrigger()
        return ErrorRateTrigger(
            threshold: r.double("threshold", default: d.threshold),
            window: r.milliseconds("window_ms", default: d.window),
            minimumRequests: r.int("min_requests", default: d.minimumRequests)
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = ErrorRateTrigger()
        var w = ConfigObjectWriter(style)
        w.add("threshold", .number(threshold), default: .number(d.threshold))
        w.add("window_ms", .milliseconds(window), default: .milliseconds(d.window))
        w.add("min_requests", .number(Double(minimumRequests)), default: .number(Double(d.minimumRequests)))
        return w.tree
    }
}
