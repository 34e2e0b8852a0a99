/// Converts a LiteLLM Proxy config (`model_list`, `litellm_params`, `router_settings`,
/// `litellm_settings`, `general_settings`) into Triage's, so a LiteLLM user can move over in one
/// step, and lists every key it could not carry over.
///
/// Input is the parsed YAML as a `ConfigTree`; the caller owns the YAML parser. Deployments are
/// grouped by `model_name` in order of first appearance; LiteLLM's router-wide settings apply to
/// every group, since Triage keeps them per group.
public struct LiteLLMConfigImporter: Sendable {
    public init() {}

    /// Throws only when `tree` is not a mapping at all; every other problem becomes a note.
    /// Notes come in the order of the keys they are about.
    public func convert(_ tree: ConfigTree) throws(ConfigError) -> LiteLLMImport {
        guard let members = tree.members else {
            throw ConfigError([.invalid(.root, "a LiteLLM config must be a mapping with a model_list, not \(tree.shapeName)")])
        }
        let log = LiteLLMImportLog()
        var entries: [LiteLLMDeploymentEntry] = []
        var settings = LiteLLMRouterSettings()
        var server = ServerSettings()
        var governance = GovernanceSettings()
        for member in members {
            let path = ConfigPath.root / member.key
            switch member.key {
            case "model_list":
                guard let list = member.value.elements else {
                    log.unmapped(path, "expected a list, found \(member.value.shapeName)")
                    continue
                }
                for (i, element) in list.enumerated() {
                    if let entry = LiteLLMDeploymentEntry.read(element, at: path / i, log: log) { entries.append(entry) }
                }
            case "router_settings":
                settings.read(section: member.value, at: path, wins: true, log: log)
            case "litellm_settings":
                settings.read(section: member.value, at: path, wins: false, log: log)
            case "general_settings":
                (server, governance) = readGeneralSettings(member.value, at: path, log: log)
            case "environment_variables":
                log.unmapped(path, "set these in the gateway's environment instead")
            default:
                log.unmapped(path, "no Triage equivalent")
            }
        }
        noteApproximations(settings, log: log)
        var groups = assembleGroups(entries, settings: settings, log: log)
        applyFallbacks(settings, to: &groups, log: log)
        let config = GatewayConfig(server: server, modelGroups: groups, governance: governance)
        log.sort(inOrderOf: tree)
        return LiteLLMImport(
            config: config, unmapped: log.unmapped, approximations: log.approximations,
            issues: config.validationIssues()
        )
    }

    private func readGeneralSettings(
        _ tree: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog
    ) -> (ServerSettings, GovernanceSettings) {
        var server = ServerSettings()
        var governance = GovernanceSettings()
        guard let members = tree.members else {
            log.unmapped(path, "expected a mapping, found \(tree.shapeName)")
            return (server, governance)
        }
        var cap: Double?
        var duration: BudgetDuration?
        for member in members {
            let at = path / member.key
            switch member.key {
            case "master_key":
                guard let text = log.read(member.value, at: at, as: "a string", \.liteLLMString) else { continue }
                let key = SecretReference(parsing: text)
                if case .literal = key {
                    log.approximated(at, "a literal master key was kept; better set an environment variable and write env:NAME")
                }
                server.masterKey = key
            case "max_budget":
                cap = log.read(member.value, at: at, as: "a number", \.numberValue)
            case "budget_duration":
                guard let text = log.read(member.value, at: at, as: "a string", \.liteLLMString) else { continue }
                duration = BudgetDuration(parsing: text)
                if duration == nil { log.unmapped(at, "\"\(text)\" is not \(BudgetDuration.syntaxHint)") }
            case "database_url":
                log.unmapped(at, "Triage keeps keys and spend in the SQLite file named by telemetry.path")
            default:
                log.unmapped(at, "no Triage equivalent")
            }
        }
        if let cap { governance.budget = Budget(maxUSD: cap, duration: duration) }
        return (server, governance)
    }

    /// Router-wide keys whose meaning shifts a little, noted once rather than once per group.
    private func noteApproximations(_ settings: LiteLLMRouterSettings, log: LiteLLMImportLog) {
        if let path = settings.sources["retry_after"], let wait = settings.retryAfter, wait > .zero {
            log.approximated(path, "became retry.backoff.initial_ms: the first backoff step, which full jitter spreads below it")
        }
        if let path = settings.sources["allowed_fails"], let fails = settings.allowedFails {
            log.approximated(path, "became cooldown.consecutive_failures = \(fails + 1): LiteLLM counts failures per minute, Triage failures in a row (and the error rate)")
        }
    }

    /// One group per `model_name`, in order of first appearance, with the router-wide settings.
    private func assembleGroups(
        _ entries: [LiteLLMDeploymentEntry], settings: LiteLLMRouterSettings, log: LiteLLMImportLog
    ) -> [ModelGroup] {
        var names: [String] = []
        var byName: [String: [LiteLLMDeploymentEntry]] = [:]
        for entry in entries {
            if byName[entry.groupName] == nil { names.append(entry.groupName) }
            byName[entry.groupName, default: []].append(entry)
        }
        return names.map { name in
            let members = byName[name]!
            let kind = members.compactMap(\.kind).first ?? .chat
            for entry in members where entry.kind != nil && entry.kind != kind {
                log.approximated(entry.path / "model_info" / "mode", "group \"\(name)\" is a \(kind.rawValue) group, as its first deployment says")
            }
            let deployments = members.enumerated().map { j, entry in
                var deployment = entry.deployment
                deployment.id = entry.id ?? ModelGroup.defaultDeploymentID(group: name, index: j)
                deployment.timeouts = timeouts(for: entry, routerTimeout: settings.timeout, log: log)
                return deployment
            }
            return ModelGroup(
                name: name,
                kind: kind,
                deployments: deployments,
                strategy: strategy(for: name, members, settings: settings, log: log),
                retry: retryPolicy(settings),
                cooldown: cooldownPolicy(settings),
                fallbacks: FallbackPolicy(maxFallbacks: settings.maxFallbacks ?? FallbackPolicy().maxFallbacks)
            )
        }
    }

    /// LiteLLM's `order` filters to the lowest order before its strategy runs; the nearest
    /// Triage strategy is `priority`.
    private func strategy(
        for name: String, _ members: [LiteLLMDeploymentEntry], settings: LiteLLMRouterSettings, log: LiteLLMImportLog
    ) -> SelectionStrategy {
        guard let ordered = members.first(where: \.ordered) else { return settings.strategy ?? .weighted }
        log.approximated(ordered.path / "litellm_params" / "order",
                         "group \"\(name)\" uses the priority strategy: the lowest order serves while it is healthy")
        return .priority
    }

    /// `timeout` is LiteLLM's per-call limit, so it becomes the attempt timeout; the total and
    /// time-to-first-token limits are widened or narrowed around it to stay ordered.
    private func timeouts(for entry: LiteLLMDeploymentEntry, routerTimeout: Duration?, log: LiteLLMImportLog) -> Timeouts {
        let d = Timeouts()
        let attempt = entry.attemptTimeout ?? routerTimeout ?? d.attempt
        var timeouts = Timeouts(total: max(d.total, attempt), attempt: attempt, ttft: min(d.ttft, attempt))
        if let stream = entry.streamTimeout {
            timeouts.ttft = min(stream.value, attempt)
            log.approximated(stream.path, "became timeouts.ttft_ms, the limit on the time to the first token")
        }
        return timeouts
    }

    private func retryPolicy(_ settings: LiteLLMRouterSettings) -> RetryPolicy {
        var retry = RetryPolicy()
        if let n = settings.numRetries { retry.maxRetries = n }
        if let wait = settings.retryAfter, wait > .zero {
            retry.backoff.initial = wait
            retry.backoff.max = max(retry.backoff.max, wait)
        }
        return retry
    }

    private func cooldownPolicy(_ settings: LiteLLMRouterSettings) -> CooldownPolicy {
        var cooldown = CooldownPolicy()
        if let fails = settings.allowedFails {
            // LiteLLM cools a deployment down once it fails more than allowed_fails times.
            cooldown.consecutiveFailures = fails + 1
        }
        if let time = settings.cooldownTime {
            if time > .zero { cooldown.duration = time } else { cooldown = .never }
        }
        return cooldown
    }

    /// LiteLLM's fallback maps become each group's lists; names of groups that do not exist
    /// (or were skipped) are noted and left out, so the result still validates.
    private func applyFallbacks(_ settings: LiteLLMRouterSettings, to groups: inout [ModelGroup], log: LiteLLMImportLog) {
        let index = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.name, $0) })
        func usable(_ targets: [String], for group: ModelGroup, at path: ConfigPath) -> [String] {
            targets.enumerated().compactMap { i, target in
                guard let j = index[target] else {
                    log.unmapped(path / i, "no model group named \"\(target)\"")
                    return nil
                }
                guard target != group.name, groups[j].kind == group.kind else {
                    log.unmapped(path / i, target == group.name
                        ? "a group cannot fall back to itself"
                        : "\"\(target)\" is a \(groups[j].kind.rawValue) group and \"\(group.name)\" is not")
                    return nil
                }
                return target
            }
        }
        for errorClass in FallbackErrorClass.allCases {
            for rule in settings.fallbacks[errorClass] ?? [] {
                guard let g = index[rule.group] else {
                    log.unmapped(rule.path, "no model group named \"\(rule.group)\"")
                    continue
                }
                let targets = usable(rule.targets, for: groups[g], at: rule.path)
                let existing = groups[g].fallbacks.list(for: errorClass) ?? []
                groups[g].fallbacks.set(existing + targets.filter { !existing.contains($0) }, for: errorClass)
            }
        }
        if let defaults = settings.defaultFallbacks {
            var reported = false
            for g in groups.indices where groups[g].fallbacks.generic.isEmpty {
                // Report missing names once, not once per group.
                let known = defaults.targets.filter { index[$0] != nil }
                if !reported {
                    for (i, target) in defaults.targets.enumerated() where index[target] == nil {
                        log.unmapped(defaults.path / i, "no model group named \"\(target)\"")
                    }
                    reported = true
                }
                groups[g].fallbacks.generic = known.filter { $0 != groups[g].name && groups[index[$0]!].kind == groups[g].kind }
            }
        }
    }
}
