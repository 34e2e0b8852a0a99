/// The routing keys of a LiteLLM file, gathered from `litellm_settings` and `router_settings`
/// (which wins where both set a key), before they are applied to every group.
struct LiteLLMRouterSettings {
    /// A fallback map entry: `{"gpt-4o": ["claude", "mini"]}` at `path`.
    struct FallbackRule {
        var group: String
        var targets: [String]
        var path: ConfigPath
    }

    var strategy: SelectionStrategy?
    var numRetries: Int?
    var retryAfter: Duration?
    var allowedFails: Int?
    var cooldownTime: Duration?
    var timeout: Duration?
    var fallbacks: [FallbackErrorClass: [FallbackRule]] = [:]
    var defaultFallbacks: (targets: [String], path: ConfigPath)?
    var maxFallbacks: Int?
    /// Where each key was read, for notes about it.
    var sources: [String: ConfigPath] = [:]

    /// Keys read from either section, and the section-specific spelling of the timeout.
    private static let keys: Set<String> = [
        "routing_strategy", "num_retries", "retry_after", "allowed_fails", "cooldown_time", "timeout",
        "request_timeout", "fallbacks", "context_window_fallbacks", "content_policy_fallbacks",
        "default_fallbacks", "max_fallbacks",
    ]

    /// Why common keys that have no Triage equivalent are left behind.
    private static let reasons: [String: String] = [
        "redis_host": "Triage keeps deployment health per instance; shared state arrives with its PostgreSQL store",
        "redis_port": "Triage keeps deployment health per instance; shared state arrives with its PostgreSQL store",
        "redis_password": "Triage keeps deployment health per instance; shared state arrives with its PostgreSQL store",
        "enable_pre_call_checks": "not needed: Triage always checks max_context_tokens before a call",
        "model_group_alias": "Triage has no group aliases; name the group as clients call it",
        "routing_strategy_args": "Triage's strategies take no arguments",
        "retry_policy": "Triage retries every retryable error class the same way (retry.max_retries)",
        "allowed_fails_policy": "Triage counts every failure class alike (cooldown)",
    ]

    /// Reads one section. `router_settings` wins over `litellm_settings` whatever their order in
    /// the file (`wins`); the losing key is noted as unmapped.
    mutating func read(section tree: ConfigTree, at path: ConfigPath, wins: Bool, log: LiteLLMImportLog) {
        guard let members = tree.members else {
            log.unmapped(path, "expected a mapping, found \(tree.shapeName)")
            return
        }
        for member in members {
            let keyPath = path / member.key
            let key = member.key == "request_timeout" ? "timeout" : member.key
            guard Self.keys.contains(member.key) else {
                log.unmapped(keyPath, Self.reasons[member.key] ?? "no Triage equivalent")
                continue
            }
            if let earlier = sources[key] {
                guard wins else {
                    log.unmapped(keyPath, "overridden by \(earlier)")
                    continue
                }
                log.unmapped(earlier, "overridden by \(keyPath)")
            }
            sources[key] = keyPath
            read(key, member.value, at: keyPath, log: log)
        }
    }

    private mutating func read(_ key: String, _ value: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) {
        switch key {
        case "routing_strategy":
            strategy = log.read(value, at: path, as: "a string", \.liteLLMString).flatMap { name in
                Self.strategy(named: name, at: path, log: log)
            }
        case "num_retries":
            numRetries = log.read(value, at: path, as: "an integer", \.liteLLMInt)
        case "retry_after":
            retryAfter = log.read(value, at: path, as: "a number of seconds", \.liteLLMSeconds)
        case "allowed_fails":
            allowedFails = log.read(value, at: path, as: "an integer", \.liteLLMInt)
        case "cooldown_time":
            cooldownTime = log.read(value, at: path, as: "a number of seconds", \.liteLLMSeconds)
        case "timeout":
            timeout = log.read(value, at: path, as: "a number of seconds", \.liteLLMSeconds)
        case "fallbacks":
            fallbacks[.generic] = Self.rules(value, at: path, log: log)
        case "context_window_fallbacks":
            fallbacks[.contextWindow] = Self.rules(value, at: path, log: log)
        case "content_policy_fallbacks":
            fallbacks[.contentPolicy] = Self.rules(value, at: path, log: log)
        case "default_fallbacks":
            defaultFallbacks = log.read(value, at: path, as: "a list of model names", \.liteLLMStrings).map { ($0, path) }
        case "max_fallbacks":
            maxFallbacks = log.read(value, at: path, as: "an integer", \.liteLLMInt)
        default:
            break
        }
    }

    private static func strategy(named name: String, at path: ConfigPath, log: LiteLLMImportLog) -> SelectionStrategy? {
        switch name {
        case "simple-shuffle": return .weighted
        case "least-busy": return .leastBusy
        case "latency-based-routing": return .latency
        case "cost-based-routing": return .cost
        case "usage-based-routing", "usage-based-routing-v2":
            log.approximated(path, "\(name) became weighted: Triage balances by weight and skips deployments at their rpm/tpm limits")
            return .weighted
        default:
            log.unmapped(path, "unknown routing_strategy \"\(name)\"")
            return nil
        }
    }

    /// `[{"a": ["b", "c"]}, …]`; a malformed element is noted and skipped.
    private static func rules(_ value: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) -> [FallbackRule] {
        guard let elements = value.elements else {
            log.unmapped(path, "expected a list of {model_name: [fallbacks]}, found \(value.shapeName)")
            return []
        }
        var rules: [FallbackRule] = []
        for (i, element) in elements.enumerated() {
            guard let members = element.members else {
                log.unmapped(path / i, "expected {model_name: [fallbacks]}, found \(element.shapeName)")
                continue
            }
            for member in members {
                let rulePath = path / i / member.key
                guard let targets = member.value.liteLLMStrings else {
                    log.unmapped(rulePath, "expected a list of model names, found \(member.value.shapeName)")
                    continue
                }
                rules.append(FallbackRule(group: member.key, targets: targets, path: rulePath))
            }
        }
        return rules
    }
}
