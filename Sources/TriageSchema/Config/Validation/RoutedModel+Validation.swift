extension RoutedModel {
    /// Rules for one routed model and its references to the chat groups (all groups by name).
    /// Whether the router file exists and has the named heads is checked when the gateway
    /// loads it, with the same paths.
    func validate(at path: ConfigPath, groups: [String: ModelGroup], metrics: [FeedbackMetric], log: ConfigIssueLog) {
        log.notEmpty(name, path / "name")
        log.check(groups[name] == nil, path / "name", "\"\(name)\" is already a model group's name")
        log.check(candidates.count >= 2, path / "candidates", "must list at least two candidate groups, cheap to frontier")
        var seen: Set<String> = []
        for (i, candidate) in candidates.enumerated() {
            let at = path / "candidates" / i
            if let group = groups[candidate.group] {
                log.check(group.kind == .chat, at / "group", "\"\(candidate.group)\" is an embedding group; candidates must be chat groups")
            } else if !candidate.group.isEmpty {
                log.invalid(at / "group", "no model group named \"\(candidate.group)\"")
            }
            log.check(seen.insert(candidate.group).inserted, at / "group", "\"\(candidate.group)\" is listed twice")
            if let head = candidate.head { log.notEmpty(head, at / "head") }
        }
        log.check(policy != nil || cascade != nil, path, "set a policy (the router chooses), a cascade (the verifier escalates), or both")
        if let policy { validate(policy, model: path, log: log) }
        if let learning {
            let at = path / "learning"
            log.check(policy != nil, at, "needs a policy and a router: the bandit starts from the router's estimates")
            if !learning.metric.isEmpty, !metrics.contains(where: { $0.name == learning.metric }) {
                log.invalid(at / "metric", "\"\(learning.metric)\" is not a declared feedback metric (feedback_metrics)")
            }
            log.nonNegative(learning.lambda, at / "lambda")
            log.positive(learning.temperature, at / "temperature")
            log.nonNegative(learning.bonus, at / "bonus")
            log.fraction(learning.maxExplorationShare, at / "exploration" / "max_share")
            log.nonNegative(learning.maxExplorationUSDPerDay, at / "exploration" / "max_usd_per_day")
        }
        if let cascade {
            let at = path / "cascade"
            log.notEmpty(cascade.verifier, at / "verifier")
            log.check(cascade.thresholds.count == max(candidates.count - 1, 0), at / "thresholds",
                      "must hold \(max(candidates.count - 1, 0)) threshold\(candidates.count == 2 ? "" : "s"), one per candidate but the last (whose answer is always accepted), not \(cascade.thresholds.count)")
            for (i, t) in cascade.thresholds.enumerated() { log.fraction(t, at / "thresholds" / i) }
        }
    }

    private func validate(_ policy: RoutingPolicy, model: ConfigPath, log: ConfigIssueLog) {
        let path = model / "policy"
        let routerPath = model / "router"
        if router == nil { log.invalid(routerPath, "is required with a policy: the router file that scores the candidates") }
        if let router { log.notEmpty(router, routerPath) }
        for (i, candidate) in candidates.enumerated() where candidate.head == nil {
            log.invalid(model / "candidates" / i / "head", "is required with a policy: the router head this group stands for")
        }
        switch policy {
        case .threshold(let t):
            log.fraction(t, path / "threshold")
            twoCandidates(policy, path, log)
        case .targetShare(let s):
            log.check(s.strongShare > 0 && s.strongShare < 1, path / "strong_share", "must be between 0 and 1, exclusive")
            log.fraction(s.initialThreshold, path / "threshold")
            log.check(s.window >= 100, path / "window", "must be at least 100 requests")
            twoCandidates(policy, path, log)
        case .costAware(let c):
            log.nonNegative(c.lambda, path / "lambda")
            log.positive(c.expectedOutputTokens, path / "expected_output_tokens")
        }
    }

    private func twoCandidates(_ policy: RoutingPolicy, _ path: ConfigPath, _ log: ConfigIssueLog) {
        log.check(candidates.count == 2, path / "kind",
                  "\(policy.kind.rawValue) routes between exactly two candidates (weak, strong); use cost_aware for \(candidates.count)")
    }
}
