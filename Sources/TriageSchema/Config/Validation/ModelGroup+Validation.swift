extension ModelGroup {
    /// Rules for one group on its own and for its references to `groups` (all groups by name).
    func validate(at path: ConfigPath, groups: [String: ModelGroup], log: ConfigIssueLog) {
        log.notEmpty(name, path / "name")
        log.check(!name.hasPrefix("triage/"), path / "name",
                  "names starting with \"triage/\" are reserved for Triage's routed models")
        log.check(!deployments.isEmpty, path / "deployments", "must list at least one deployment")
        for (j, deployment) in deployments.enumerated() {
            deployment.validate(at: path / "deployments" / j, kind: kind, log: log)
        }
        retry.validate(at: path / "retry", log: log)
        cooldown.validate(at: path / "cooldown", log: log)
        validateFallbacks(at: path / "fallbacks", groups: groups, log: log)
        hedging.validate(at: path / "hedging", log: log)
        log.nonNegative(queueTimeout, path / "queue_timeout_ms")
        log.check(kind == .chat || guardrails.isEmpty, path / "guardrails", "apply to chat groups only")
        validateCache(at: path, log: log)
    }

    private func validateCache(at path: ConfigPath, log: ConfigIssueLog) {
        if let cache {
            log.check(kind == .chat, path / "cache", "only chat groups cache answers")
            log.positive(cache.ttl, path / "cache" / "ttl_ms")
            log.positive(cache.maxEntries, path / "cache" / "max_entries")
            log.positive(cache.maxBytes, path / "cache" / "max_bytes")
        }
        guard let lastResort else { return }
        let at = path / "last_resort"
        log.check(kind == .chat, at, "only chat groups have a last resort")
        log.check(!lastResort.cache || cache != nil, at / "cache", "needs the group's \"cache\" to serve from")
        log.check(lastResort.cache || lastResort.staticAnswer != nil, at, "set \"cache\": true, a \"static_answer\", or both")
        if let text = lastResort.staticAnswer { log.notEmpty(text, at / "static_answer") }
    }

    private func validateFallbacks(at path: ConfigPath, groups: [String: ModelGroup], log: ConfigIssueLog) {
        log.nonNegative(fallbacks.maxFallbacks, path / "max_fallbacks")
        for errorClass in FallbackErrorClass.allCases {
            guard let list = fallbacks.list(for: errorClass) else { continue }
            let listPath = path / errorClass.rawValue
            for (i, target) in list.enumerated() {
                let at = listPath / i
                if target == name {
                    log.invalid(at, "a group cannot fall back to itself")
                } else if let group = groups[target] {
                    log.check(group.kind == kind, at,
                              "\"\(target)\" is a\(group.kind == .embedding ? "n" : "") \(group.kind.rawValue) group; a \(kind.rawValue) group can only fall back to \(kind.rawValue) groups")
                } else {
                    log.invalid(at, "no model group named \"\(target)\"")
                }
                log.check(!list[..<i].contains(target), at, "\"\(target)\" is listed twice")
            }
        }
    }
}

extension RetryPolicy {
    func validate(at path: ConfigPath, log: ConfigIssueLog) {
        log.nonNegative(maxRetries, path / "max_retries")
        let b = path / "backoff"
        log.positive(backoff.initial, b / "initial_ms")
        log.positive(backoff.max, b / "max_ms")
        log.check(backoff.multiplier.isFinite && backoff.multiplier >= 1, b / "multiplier", "must be at least 1")
        log.check(backoff.max >= backoff.initial, b, "max_ms must be at least initial_ms")
        log.nonNegative(retryAfterCap, path / "retry_after_cap_ms")
    }
}

extension CooldownPolicy {
    func validate(at path: ConfigPath, log: ConfigIssueLog) {
        log.positive(consecutiveFailures, path / "consecutive_failures")
        if let errorRate {
            let e = path / "error_rate"
            log.check(errorRate.threshold > 0 && errorRate.threshold <= 1, e / "threshold",
                      "must be above 0 and at most 1")
            log.positive(errorRate.window, e / "window_ms")
            log.positive(errorRate.minimumRequests, e / "min_requests")
        }
        log.positive(duration, path / "duration_ms")
    }
}

extension HedgingPolicy {
    func validate(at path: ConfigPath, log: ConfigIssueLog) {
        switch self {
        case .off:
            return
        case .afterDelay(let delay, _):
            log.positive(delay, path / "after_ms")
        case .afterPercentile(let p, _):
            log.check(p > 0 && p < 100, path / "after_percentile", "must be between 0 and 100 (95 for p95)")
        }
        log.positive(maxHedges, path / "max_hedges")
    }
}
