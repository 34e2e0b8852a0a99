extension ModelGroup {
    /// One element of `model_groups`. `name` and `deployments` are required.
    static func read(_ r: ConfigObjectReader) -> ModelGroup {
        let d = ModelGroup(name: "", deployments: [])
        let name = r.requiredString("name")
        if !r.contains("deployments") { r.log.invalid(r.path / "deployments", "is required") }
        let deployments = r.array("deployments").enumerated().compactMap { index, element in
            let defaultID = ModelGroup.defaultDeploymentID(group: name, index: index)
            return ConfigObjectReader.read(element.tree, at: element.path, log: r.log) { r in
                Deployment.read(r, defaultID: defaultID)
            }
        }
        var group = ModelGroup(
            name: name,
            kind: r.choice("kind", default: d.kind, noun: "group kind"),
            deployments: deployments,
            strategy: r.choice("strategy", default: d.strategy, noun: "strategy"),
            stickyAffinity: r.bool("sticky_affinity", default: d.stickyAffinity),
            retry: r.object("retry", default: d.retry, RetryPolicy.read),
            cooldown: r.object("cooldown", default: d.cooldown, CooldownPolicy.read),
            fallbacks: r.object("fallbacks", default: d.fallbacks, FallbackPolicy.read),
            hedging: r.decode("hedging", default: d.hedging) { tree, path in
                HedgingPolicy.read(tree, at: path, log: r.log)
            },
            queueTimeout: r.milliseconds("queue_timeout_ms", default: d.queueTimeout),
            cache: r.decode("cache", default: nil) { tree, path in
                tree == .null ? .some(nil) : ConfigObjectReader.read(tree, at: path, log: r.log, ResponseCacheSettings.read).map { Optional($0) }
            },
            lastResort: r.decode("last_resort", default: nil) { tree, path in
                tree == .null ? .some(nil) : ConfigObjectReader.read(tree, at: path, log: r.log, LastResortPolicy.read).map { Optional($0) }
            },
            guardrails: r.object("guardrails", default: d.guardrails, GuardrailSettings.read)
        )
        group.defaultTags = r.strings("default_tags")
        let budget = r.int("region_latency_budget_ms", default: 0)
        group.regionLatencyBudget = budget > 0 ? .milliseconds(budget) : nil
        return group
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = ModelGroup(name: name, deployments: [])
        var w = ConfigObjectWriter(style)
        w.add("name", .string(name))
        w.add("kind", .string(kind.rawValue), default: .string(d.kind.rawValue))
        w.add("strategy", .string(strategy.rawValue), default: .string(d.strategy.rawValue))
        w.add("sticky_affinity", .bool(stickyAffinity), default: .bool(d.stickyAffinity))
        w.add("deployments", .array(deployments.enumerated().map { i, deployment in
            deployment.tree(style, defaultID: ModelGroup.defaultDeploymentID(group: name, index: i))
        }))
        w.add("retry", retry.tree(style), default: [:])
        w.add("cooldown", cooldown.tree(style), default: [:])
        w.add("fallbacks", fallbacks.tree(style), default: [:])
        w.add("hedging", hedging.tree(style), default: d.hedging.tree(style))
        w.add("queue_timeout_ms", .milliseconds(queueTimeout), default: .milliseconds(d.queueTimeout))
        w.add("default_tags", .strings(defaultTags), default: .strings([]))
        w.add("region_latency_budget_ms", regionLatencyBudget.map { .milliseconds($0) } ?? .number(0), default: .number(0))
        w.add("cache", cache?.tree(style) ?? .null, default: .null)
        w.add("last_resort", lastResort?.tree(style) ?? .null, default: .null)
        // Left out when unset in either style, so configs without guardrails encode as before.
        if !guardrails.isEmpty { w.add("guardrails", guardrails.tree(style)) }
        return w.tree
    }
}
