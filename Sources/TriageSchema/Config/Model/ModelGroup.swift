/// A logical model that clients name in `model`: one or more interchangeable deployments and the
/// policies for choosing among them and recovering when they fail.
public struct ModelGroup: Sendable, Equatable {
    /// What clients send as `model`. Unique; names starting `triage/` are reserved for routed models.
    public var name: String
    public var kind: ModelGroupKind
    /// Upstreams that can serve this group; at least one.
    public var deployments: [Deployment]
    public var strategy: SelectionStrategy
    /// Keep each end user (the request's `user`, or `x-triage-user`) on the deployment that
    /// last served them while it stays in rotation.
    public var stickyAffinity: Bool
    public var retry: RetryPolicy
    public var cooldown: CooldownPolicy
    public var fallbacks: FallbackPolicy
    public var hedging: HedgingPolicy
    /// When every deployment is at its rpm/tpm/in-flight limit and no rate-limit fallback is
    /// left, how long a request waits for one to free up before it is answered 429.
    public var queueTimeout: Duration
    /// Tags an untagged request takes in this group (`default_tags`). Where any deployment has
    /// tags, a request reaches only deployments sharing one of its tags, and an untagged
    /// request (after these) only untagged deployments.
    public var defaultTags: [String] = []
    /// A request with preferred regions stays in them while one of their deployments answers
    /// (first token, or whole answer) within this on average; past it, other permitted regions
    /// are used too. Nil: only failures move a request out of its preferred regions.
    public var regionLatencyBudget: Duration? = nil
    /// Exact-match answers kept in memory; nil (the default) caches nothing.
    public var cache: ResponseCacheSettings?
    /// What to answer once every deployment and fallback failed; nil (the default) gives the 5xx.
    public var lastResort: LastResortPolicy?
    /// Checks on prompts sent and answers received; a virtual key's own add to these.
    public var guardrails: GuardrailSettings

    public init(
        name: String,
        kind: ModelGroupKind = .chat,
        deployments: [Deployment],
        strategy: SelectionStrategy = .weighted,
        stickyAffinity: Bool = false,
        retry: RetryPolicy = RetryPolicy(),
        cooldown: CooldownPolicy = CooldownPolicy(),
        fallbacks: FallbackPolicy = FallbackPolicy(),
        hedging: HedgingPolicy = .off,
        queueTimeout: Duration = .zero,
        cache: ResponseCacheSettings? = nil,
        lastResort: LastResortPolicy? = nil,
        guardrails: GuardrailSettings = GuardrailSettings()
    ) {
        self.name = name
        self.kind = kind
        self.deployments = deployments
        self.strategy = strategy
        self.stickyAffinity = stickyAffinity
        self.retry = retry
        self.cooldown = cooldown
        self.fallbacks = fallbacks
        self.hedging = hedging
        self.queueTimeout = queueTimeout
        self.cache = cache
        self.lastResort = lastResort
        self.guardrails = guardrails
    }

    /// The id a deployment gets when the config leaves `id` out: `<group>-<n>`, counting from 1.
    public static func defaultDeploymentID(group: String, index: Int) -> String {
        "\(group)-\(index + 1)"
    }
}
