extension GatewayConfig {
    /// Every rule this config breaks, each naming its JSON path. Empty for a usable config.
    ///
    /// `decode` runs this itself; call it on configs built in code (the LiteLLM importer's
    /// output, a test's) before serving them.
    public func validationIssues() -> [ConfigIssue] {
        let log = ConfigIssueLog()
        validateServer(log: log)
        validateTelemetry(log: log)
        validateStore(log: log)
        var metricPaths: [String: ConfigPath] = [:]
        for (i, metric) in feedbackMetrics.enumerated() {
            let path = ConfigPath.root / "feedback_metrics" / i / "name"
            log.notEmpty(metric.name, path)
            if let first = metricPaths[metric.name] {
                log.invalid(path, "duplicate metric name \"\(metric.name)\" (first at \(first))")
            } else {
                metricPaths[metric.name] = path
            }
        }
        log.check(!modelGroups.isEmpty, ConfigPath.root / "model_groups", "must define at least one model group")

        // First group of each name, so references and duplicates are judged against it.
        var groups: [String: ModelGroup] = [:]
        var groupPaths: [String: ConfigPath] = [:]
        var deploymentPaths: [String: ConfigPath] = [:]
        for (i, group) in modelGroups.enumerated() {
            let path = ConfigPath.root / "model_groups" / i
            let isDuplicate = groupPaths[group.name] != nil && !group.name.isEmpty
            if isDuplicate, let first = groupPaths[group.name] {
                log.invalid(path / "name", "duplicate group name \"\(group.name)\" (first at \(first))")
            } else {
                groups[group.name] = group
                groupPaths[group.name] = path
            }
            for (j, deployment) in group.deployments.enumerated() where !deployment.id.isEmpty {
                // A second group of the same name derives the same ids; one issue is enough.
                if isDuplicate, deployment.id == ModelGroup.defaultDeploymentID(group: group.name, index: j) { continue }
                let deploymentPath = path / "deployments" / j
                if let first = deploymentPaths[deployment.id] {
                    log.invalid(deploymentPath / "id", "duplicate deployment id \"\(deployment.id)\" (first at \(first))")
                } else {
                    deploymentPaths[deployment.id] = deploymentPath
                }
            }
        }
        for (i, group) in modelGroups.enumerated() {
            group.validate(at: ConfigPath.root / "model_groups" / i, groups: groups, log: log)
        }
        var routedPaths: [String: ConfigPath] = [:]
        for (i, routed) in routedModels.enumerated() {
            let path = ConfigPath.root / "routed_models" / i
            if let first = routedPaths[routed.name] {
                log.invalid(path / "name", "duplicate routed model name \"\(routed.name)\" (first at \(first))")
            } else {
                routedPaths[routed.name] = path
            }
            routed.validate(at: path, groups: groups, metrics: feedbackMetrics, log: log)
        }
        validateGovernance(groups: groups, log: log)
        return log.issues
    }

    /// Throws every rule this config breaks.
    public func validate() throws(ConfigError) {
        let issues = validationIssues()
        if !issues.isEmpty { throw ConfigError(issues) }
    }

    private func validateTelemetry(log: ConfigIssueLog) {
        let path = ConfigPath.root / "telemetry"
        if let file = telemetry.path { log.notEmpty(file, path / "path") }
        log.nonNegative(telemetry.retentionDays, path / "retention_days")
        log.positive(telemetry.queueCapacity, path / "queue_capacity")
        log.positive(telemetry.batchSize, path / "batch_size")
        log.positive(telemetry.flushInterval, path / "flush_interval_ms")
    }

    private func validateServer(log: ConfigIssueLog) {
        let path = ConfigPath.root / "server"
        log.notEmpty(server.host, path / "host")
        log.check((0...65_535).contains(server.port), path / "port", "must be between 0 and 65535")
        log.positive(server.maxRequestBodyBytes, path / "max_request_body_bytes")
        log.secret(server.masterKey, path / "master_key")
        log.nonNegative(server.drainTimeout, path / "drain_timeout_ms")
    }
}

extension GatewayConfig {
    func validateGovernance(groups: [String: ModelGroup], log: ConfigIssueLog) {
        let path = ConfigPath.root / "governance"
        if let budget = governance.budget { log.nonNegative(budget.maxUSD, path / "max_budget_usd") }
        var seen: Set<String> = []
        for (i, entry) in governance.modelBudgets.enumerated() {
            let at = path / "model_budgets" / i
            log.nonNegative(entry.budget.maxUSD, at / "max_budget_usd")
            log.check(groups[entry.model] != nil, at / "model", "no model group named \"\(entry.model)\"")
            log.check(seen.insert(entry.model).inserted, at / "model", "\"\(entry.model)\" has a budget already")
        }
        log.positive(governance.defaultMaxOutputTokens, path / "default_max_output_tokens")
        log.nonNegative(governance.budgetWait, path / "budget_wait_ms")
        log.positive(governance.rateLimitWindow, path / "rate_limit_window_ms")
    }
}
