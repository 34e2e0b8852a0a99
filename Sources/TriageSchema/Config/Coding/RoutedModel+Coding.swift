extension RoutedModel {
    /// One element of `routed_models`. `name` and `candidates` are required.
    static func read(_ r: ConfigObjectReader) -> RoutedModel {
        let name = r.requiredString("name")
        if !r.contains("candidates") { r.log.invalid(r.path / "candidates", "is required") }
        let candidates = r.array("candidates").compactMap { element in
            ConfigObjectReader.read(element.tree, at: element.path, log: r.log) { c in
                RoutedCandidate(group: c.requiredString("group"), head: c.optionalString("head"))
            }
        }
        return RoutedModel(
            name: name,
            router: r.optionalString("router"),
            candidates: candidates,
            policy: r.decode("policy", default: nil) { tree, path in
                tree == .null ? .some(nil) : RoutingPolicy.read(tree, at: path, log: r.log).map { Optional($0) }
            },
            cascade: r.decode("cascade", default: nil) { tree, path in
                tree == .null ? .some(nil) : ConfigObjectReader.read(tree, at: path, log: r.log, CascadeSettings.read).map { Optional($0) }
            },
            learning: r.decode("learning", default: nil) { tree, path in
                tree == .null ? .some(nil) : ConfigObjectReader.read(tree, at: path, log: r.log, LearningSettings.read).map { Optional($0) }
            }
        )
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("name", .string(name))
        w.add("router", .text(router), default: nil)
        w.add("candidates", .array(candidates.map { c in
            var cw = ConfigObjectWriter(style)
            cw.add("group", .string(c.group))
            cw.add("head", .text(c.head), default: nil)
            return cw.tree
        }))
        w.add("policy", policy?.tree(style) ?? .null, default: nil)
        w.add("cascade", cascade?.tree(style) ?? .null, default: nil)
        w.add("learning", learning?.tree(style) ?? .null, default: nil)
        return w.tree
    }
}

extension RoutingPolicy {
    /// `{"kind": "threshold", "threshold": 0.5}`,
    /// `{"kind": "target_share", "strong_share": 0.3, "threshold": 0.5, "window": 2000}` or
    /// `{"kind": "cost_aware", "lambda": 100, "expected_output_tokens": 256}`.
    static func read(_ tree: ConfigTree, at path: ConfigPath, log: ConfigIssueLog) -> RoutingPolicy? {
        ConfigObjectReader.read(tree, at: path, log: log) { r -> RoutingPolicy? in
            guard r.contains("kind") else {
                r.log.invalid(r.path / "kind", "is required (threshold, target_share or cost_aware)")
                r.markAllKnown()
                return nil
            }
            guard let kind: Kind = r.decode("kind", default: nil, { tree, keyPath in
                ConfigObjectReader.choice(tree, at: keyPath, noun: "policy kind", log: r.log)
            }) else {
                r.markAllKnown()
                return nil
            }
            switch kind {
            case .threshold:
                if !r.contains("threshold") { r.log.invalid(r.path / "threshold", "is required") }
                return .threshold(r.double("threshold", default: 0.5))
            case .targetShare:
                if !r.contains("strong_share") { r.log.invalid(r.path / "strong_share", "is required") }
                return .targetShare(StrongShareTarget(
                    strongShare: r.double("strong_share", default: 0.5),
                    initialThreshold: r.double("threshold", default: 0.5),
                    window: r.int("window", default: StrongShareTarget.defaultWindow)))
            case .costAware:
                if !r.contains("lambda") { r.log.invalid(r.path / "lambda", "is required") }
                return .costAware(CostAwarePolicy(
                    lambda: r.double("lambda", default: 0),
                    expectedOutputTokens: r.int("expected_output_tokens", default: CostAwarePolicy.defaultExpectedOutputTokens)))
            }
        } ?? nil
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("kind", .string(kind.rawValue))
        switch self {
        case .threshold(let t):
            w.add("threshold", .number(t))
        case .targetShare(let s):
            w.add("strong_share", .number(s.strongShare))
            w.add("threshold", .number(s.initialThreshold), default: .number(0.5))
            w.add("window", .number(Double(s.window)), default: .number(Double(StrongShareTarget.defaultWindow)))
        case .costAware(let c):
            w.add("lambda", .number(c.lambda))
            w.add("expected_output_tokens", .number(Double(c.expectedOutputTokens)),
                  default: .number(Double(CostAwarePolicy.defaultExpectedOutputTokens)))
        }
        return w.tree
    }
}

extension CascadeSettings {
    /// `{"verifier": "heuristic", "thresholds": [0.6]}`.
    static func read(_ r: ConfigObjectReader) -> CascadeSettings {
        if !r.contains("thresholds") { r.log.invalid(r.path / "thresholds", "is required (one per candidate but the last)") }
        let thresholds: [Double] = r.array("thresholds").compactMap { element in
            if let x = element.tree.numberValue { return x }
            r.log.invalid(element.path, "must be a number, not \(element.tree.shapeName)")
            return nil
        }
        return CascadeSettings(verifier: r.string("verifier", default: CascadeSettings.heuristicVerifier), thresholds: thresholds)
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("verifier", .string(verifier), default: .string(CascadeSettings.heuristicVerifier))
        w.add("thresholds", .array(thresholds.map(ConfigTree.number)))
        return w.tree
    }
}
