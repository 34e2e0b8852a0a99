extension GovernanceSettings {
    /// `{"max_budget_usd", "budget_duration", "model_budgets": [{"model", "max_budget_usd", "budget_duration"}],
    /// "default_max_output_tokens", "budget_wait_ms", "rate_limit_window_ms", "budgets_when_store_down",
    /// "rate_limits_when_store_down"}`.
    static func read(_ r: ConfigObjectReader) -> GovernanceSettings {
        let d = GovernanceSettings()
        var settings = GovernanceSettings(
            budget: Budget.readOptional(r),
            modelBudgets: r.array("model_budgets").compactMap { element in
                ConfigObjectReader.read(element.tree, at: element.path, log: r.log) { r in
                    ModelBudget(model: r.requiredString("model"), budget: Budget.readOptional(r, required: true) ?? Budget(maxUSD: 0))
                }
            },
            defaultMaxOutputTokens: r.int("default_max_output_tokens", default: d.defaultMaxOutputTokens),
            budgetWait: r.milliseconds("budget_wait_ms", default: d.budgetWait),
            rateLimitWindow: r.milliseconds("rate_limit_window_ms", default: d.rateLimitWindow),
            budgetsWhenStoreDown: r.choice("budgets_when_store_down", default: d.budgetsWhenStoreDown, noun: "mode"),
            rateLimitsWhenStoreDown: r.choice("rate_limits_when_store_down", default: d.rateLimitsWhenStoreDown, noun: "mode"))
        settings.residencyAuditPath = r.optionalString("residency_audit_path")
        return settings
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        let d = GovernanceSettings()
        var w = ConfigObjectWriter(style)
        w.add("max_budget_usd", budget.map { .number($0.maxUSD) } ?? .null, default: .null)
        w.add("budget_duration", .text(budget?.duration?.description), default: .null)
        w.add("model_budgets", .array(modelBudgets.map { m in
            var o = ConfigObjectWriter(.complete)
            o.add("model", .string(m.model))
            o.add("max_budget_usd", .number(m.budget.maxUSD))
            o.add("budget_duration", .text(m.budget.duration?.description))
            return o.tree
        }), default: [])
        w.add("default_max_output_tokens", .number(Double(defaultMaxOutputTokens)), default: .number(Double(d.defaultMaxOutputTokens)))
        w.add("budget_wait_ms", .milliseconds(budgetWait), default: .milliseconds(d.budgetWait))
        w.add("rate_limit_window_ms", .milliseconds(rateLimitWindow), default: .milliseconds(d.rateLimitWindow))
        w.add("budgets_when_store_down", .string(budgetsWhenStoreDown.rawValue), default: .string(d.budgetsWhenStoreDown.rawValue))
        w.add("residency_audit_path", .text(residencyAuditPath), default: .null)
        w.add("rate_limits_when_store_down", .string(rateLimitsWhenStoreDown.rawValue), default: .string(d.rateLimitsWhenStoreDown.rawValue))
        return w.tree
    }
}

extension Budget {
    /// `max_budget_usd` (a number, or null for none) and `budget_duration` beside it.
    static func readOptional(_ r: ConfigObjectReader, required: Bool = false) -> Budget? {
        let duration: BudgetDuration? = r.decode("budget_duration", default: nil) { tree, path in
            if tree == .null { return .some(nil) }
            guard let text = tree.stringValue, let parsed = BudgetDuration(parsing: text) else {
                r.log.invalid(path, "must be \(BudgetDuration.syntaxHint), not \(tree.stringValue.map { "\"\($0)\"" } ?? tree.shapeName)")
                return nil
            }
            return parsed
        }
        let cap: Double? = r.decode("max_budget_usd", default: nil) { tree, path in
            if tree == .null { return .some(nil) }
            guard case .number(let value) = tree else {
                r.log.invalid(path, "must be a number of US dollars, not \(tree.shapeName)")
                return nil
            }
            return value
        }
        guard let cap else {
            if required { r.log.invalid(r.path / "max_budget_usd", "is required") }
            if duration != nil, !required { r.log.invalid(r.path / "budget_duration", "needs max_budget_usd beside it") }
            return nil
        }
        return Budget(maxUSD: cap, duration: duration)
    }
}
