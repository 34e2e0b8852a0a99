/// A logical model that clients name in `model`: one or more interchangeable deployments and the
/// policies for choosing among them and recovering when they fail.
public struct ModelGroup: Sendable, Equatable {
    /// What clients send as `model`. Unique; names starting `triage/` are reserved for routed models.
    public var name: String
    public var kind: ModelGroupKind
    /// Upstreams that can serve this group; at least one.
    public var deployments: [Deployment]
    public var strategy: SelectionStrategy
    public var retry: RetryPolicy
    public var cooldown: CooldownPolicy
    public var fallbacks: FallbackPolicy
    public var hedging: HedgingPolicy

    public init(
        name: String,
        kind: ModelGroupKind = .chat,
        deployments: [Deployment],
        strategy: SelectionStrategy = .weighted,
        retry: RetryPolicy = RetryPolicy(),
        cooldown: CooldownPolicy = CooldownPolicy(),
        fallbacks: FallbackPolicy = FallbackPolicy(),
        hedging: HedgingPolicy = .off
    ) {
        self.name = name
        self.kind = kind
        self.deployments = deployments
        self.strategy = strategy
        self.retry = retry
        self.cooldown = cooldown
        self.fallbacks = fallbacks
        self.hedging = hedging
    }

    /// The id a deployment gets when the config leaves `id` out: `<group>-<n>`, counting from 1.
    public static func defaultDeploymentID(group: String, index: Int) -> String {
        "\(group)-\(index + 1)"
    }
}
