extension HedgingPolicy {
    static let defaultMaxHedges = 1

    /// `"off"`, `{"after_ms": 800, "max_hedges": 1}` or `{"after_percentile": 95, "max_hedges": 1}`.
    static func read(_ tree: ConfigTree, at path: ConfigPath, log: ConfigIssueLog) -> HedgingPolicy? {
        if case .string(let text) = tree {
            if text == "off" { return .off }
            log.invalid(path, "unknown hedging \"\(text)\" (expected \"off\" or an object with after_ms or after_percentile)")
            return nil
        }
        return ConfigObjectReader.read(tree, at: path, log: log) { r -> HedgingPolicy? in
            let hasDelay = r.contains("after_ms")
            let hasPercentile = r.contains("after_percentile")
            let delay = r.milliseconds("after_ms", default: .zero)
            let percentile = r.double("after_percentile", default: 95)
            let maxHedges = r.int("max_hedges", default: defaultMaxHedges)
            switch (hasDelay, hasPercentile) {
            case (true, false): return .afterDelay(delay, maxHedges: maxHedges)
            case (false, true): return .afterPercentile(percentile, maxHedges: maxHedges)
            case (true, true):
                log.invalid(path, "set after_ms or after_percentile, not both")
            case (false, false):
                log.invalid(path, "set after_ms (a fixed delay) or after_percentile (95 for the deployment's p95)")
            }
            return nil
        } ?? nil
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        switch self {
        case .off:
            return "off"
        case .afterDelay(let delay, let maxHedges):
            w.add("after_ms", .milliseconds(delay))
            w.add("max_hedges", .number(Double(maxHedges)), default: .number(Double(Self.defaultMaxHedges)))
        case .afterPercentile(let percentile, let maxHedges):
            w.add("after_percentile", .number(percentile))
            w.add("max_hedges", .number(Double(maxHedges)), default: .number(Double(Self.defaultMaxHedges)))
        }
        return w.tree
    }
}
