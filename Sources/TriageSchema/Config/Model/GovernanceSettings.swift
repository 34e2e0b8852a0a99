/// Spend limits above the virtual keys and teams (which live in the store, managed through the
/// admin API): one budget for the whole gateway, budgets per model group, and how a request's
/// worst-case cost is estimated before it is admitted.
public struct GovernanceSettings: Sendable, Equatable {
    /// Everything the gateway spends; nil for no cap.
    public var budget: Budget?
    public var modelBudgets: [ModelBudget]
    /// The answer length a request is assumed to reach when it sets no `max_tokens` and its
    /// deployment names no `max_output_tokens`: the worst case a budget reserves.
    public var defaultMaxOutputTokens: Int
    /// How long a request may wait for other requests' reservations to settle when only they,
    /// not spent money, stand between it and its budget. 0 refuses at once.
    public var budgetWait: Duration
    /// The sliding window `rpm` and `tpm` count over: a minute, as their names say. Shorter
    /// windows exist for tests and demonstrations (a limit then applies per window).
    public var rateLimitWindow: Duration
    /// What budgets do while a shared store (PostgreSQL) cannot be reached: refuse budgeted
    /// requests (closed, the default: money is not spent unrecorded) or let them through and
    /// count their cost when the store is back (open).
    public var budgetsWhenStoreDown: StoreOutageMode
    /// What rate limits do then: fall back to this replica's own in-memory windows (open, the
    /// default: each replica then enforces the full limit alone) or refuse limited requests.
    public var rateLimitsWhenStoreDown: StoreOutageMode
    /// Where residency-violating hops (a key's allowed last resort outside its permitted
    /// regions) are appended as JSON lines; nil: standard error.
    public var residencyAuditPath: String? = nil

    public init(
        budget: Budget? = nil, modelBudgets: [ModelBudget] = [], defaultMaxOutputTokens: Int = 4_096,
        budgetWait: Duration = .seconds(10), rateLimitWindow: Duration = .seconds(60),
        budgetsWhenStoreDown: StoreOutageMode = .closed, rateLimitsWhenStoreDown: StoreOutageMode = .open
    ) {
        self.budget = budget
        self.modelBudgets = modelBudgets
        self.defaultMaxOutputTokens = defaultMaxOutputTokens
        self.budgetWait = budgetWait
        self.rateLimitWindow = rateLimitWindow
        self.budgetsWhenStoreDown = budgetsWhenStoreDown
        self.rateLimitsWhenStoreDown = rateLimitsWhenStoreDown
    }

    /// The budget on `group`, if one is set.
    public func budget(forModel group: String) -> Budget? {
        modelBudgets.first { $0.model == group }?.budget
    }
}
