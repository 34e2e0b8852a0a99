/// The gateway's metric names, declared once so `/metrics` lists them from the start.
public struct GatewayMetrics: Sendable {
    public let registry: MetricsRegistry

    public static let requests = "triage_requests_total"
    public static let latency = "triage_request_duration_seconds"
    public static let attempts = "triage_upstream_attempts_total"
    public static let failures = "triage_upstream_failures_total"
    public static let tokens = "triage_tokens_total"
    public static let cost = "triage_cost_usd_total"
    public static let fallbacks = "triage_fallbacks_total"
    public static let retries = "triage_retries_total"
    public static let cooldowns = "triage_cooldowns_total"
    public static let hedges = "triage_hedges_total"
    public static let cooling = "triage_deployment_cooling"
    public static let recoveries = "triage_cooldown_recoveries_total"
    public static let inFlight = "triage_requests_in_flight"
    public static let routeDecisions = "triage_route_decisions_total"
    public static let routeThreshold = "triage_route_threshold"
    public static let routeStrongShare = "triage_route_strong_share"
    public static let cascadeTiers = "triage_cascade_tiers_total"
    public static let telemetryRecords = "triage_telemetry_records_total"
    public static let banditUpdates = "triage_bandit_updates_total"
    public static let explorationShare = "triage_bandit_exploration_share"
    public static let explorationSpend = "triage_bandit_exploration_usd"
    public static let telemetryQueued = "triage_telemetry_queue_length"
    public static let queued = "triage_deployment_queue_waits_total"
    public static let denials = "triage_governance_denials_total"
    public static let budgetSpent = "triage_budget_spent_usd"
    public static let storeUp = "triage_store_up"
    public static let residencyViolations = "triage_residency_violations_total"
    public static let cacheRequests = "triage_cache_requests_total"
    public static let cacheEntries = "triage_cache_entries"
    public static let cacheBytes = "triage_cache_bytes"
    public static let lastResort = "triage_last_resort_total"
    public static let guardrailActions = "triage_guardrail_actions_total"

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        registry.declare(Self.requests, .counter, help: "Requests by model group, deployment and status.")
        registry.declare(Self.latency, .histogram, help: "Request latency in seconds, by model group.")
        registry.declare(Self.attempts, .counter, help: "Upstream attempts by model group and deployment.")
        registry.declare(Self.failures, .counter, help: "Failed upstream attempts by deployment and error class.")
        registry.declare(Self.retries, .counter, help: "Retried attempts by model group and error class.")
        registry.declare(Self.fallbacks, .counter, help: "Fallbacks from one model group to another, by error class.")
        registry.declare(Self.cooldowns, .counter, help: "Deployments taken out of rotation after failing, by deployment.")
        registry.declare(Self.hedges, .counter, help: "Hedged duplicate attempts by model group: sent, and won (answered first).")
        registry.declare(Self.recoveries, .counter, help: "Deployments back in rotation after a cooldown (their probe succeeded), by deployment.")
        registry.declare(Self.cooling, .gauge, help: "1 while a deployment is out of rotation after failing (cooling down or probing), else 0.")
        registry.declare(Self.tokens, .counter, help: "Tokens by model group, deployment and direction (prompt, completion).")
        registry.declare(Self.cost, .counter, help: "Upstream cost in USD by model group and deployment.")
        registry.declare(Self.inFlight, .gauge, help: "Requests being served.")
        registry.declare(Self.routeDecisions, .counter, help: "Routed requests by routed model and the candidate group the router chose.")
        registry.declare(Self.routeThreshold, .gauge, help: "The strong_win threshold a routed model compares with now (target_share: as adjusted online).")
        registry.declare(Self.routeStrongShare, .gauge, help: "Share of a target_share routed model's recent window sent to the strong candidate.")
        registry.declare(Self.telemetryRecords, .counter, help: "Request log records by outcome: written, dropped (queue full), failed (write error).")
        registry.declare(Self.banditUpdates, .counter, help: "Bandit arm updates from feedback, by routed model and arm.")
        registry.declare(Self.explorationShare, .gauge, help: "Share of a learning routed model's last 1,000 decisions that explored.")
        registry.declare(Self.explorationSpend, .gauge, help: "Extra USD a learning routed model's exploration cost, by period (today, total).")
        registry.declare(Self.telemetryQueued, .gauge, help: "Request log records waiting to be written.")
        registry.declare(Self.queued, .counter, help: "Waits of requests whose group had every deployment at its rpm/tpm/in-flight limit, by model group.")
        registry.declare(Self.denials, .counter, help: "Requests refused by governance, by reason (auth, model, rpm, tpm, parallel, budget).")
        registry.declare(Self.budgetSpent, .gauge, help: "Spend in the current period of the gateway's and each model's configured budget, by scope.")
        registry.declare(Self.residencyViolations, .counter, help: "Attempts sent outside a request's permitted regions as a key-allowed last resort, by group and regions (each is in the residency audit log).")
        registry.declare(Self.storeUp, .gauge, help: "1 when the shared store answered the last call a request waited on (always 1 for SQLite).")
        registry.declare(Self.cacheRequests, .counter, help: "Requests to groups with a response cache, by model group and result (hit, miss, bypass, stale); hit rate is hit / (hit + miss).")
        registry.declare(Self.cacheEntries, .gauge, help: "Answers held in a group's response cache.")
        registry.declare(Self.cacheBytes, .gauge, help: "Bytes of answers and keys held in a group's response cache.")
        registry.declare(Self.lastResort, .counter, help: "Requests answered by a group's last resort after every deployment and fallback failed, by source (cache, static).")
        registry.declare(Self.guardrailActions, .counter, help: "Guardrail actions by rule (pii.email, response_blocklist, key.response_patterns[0], ...) and action (block, redact).")
        registry.declare(Self.cascadeTiers, .counter, help: "Cascade tier calls by routed model, group and outcome (accepted, escalated, failed, final, and salvaged for a rejected answer served because later tiers failed).")
    }
}
