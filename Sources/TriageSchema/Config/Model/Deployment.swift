/// One upstream that serves a model group: a provider endpoint and model id, with the hints the
/// selection strategy uses and the limits, timeouts and price that apply to it.
public struct Deployment: Sendable, Equatable {
    /// Unique across the whole config: health, cooldown and telemetry are kept per id.
    public var id: String
    /// The upstream's model id (for Azure, the deployment name).
    public var model: String
    public var provider: ProviderSettings
    /// Share of traffic under the `weighted` strategy, relative to the group's other deployments.
    public var weight: Double
    /// Order under the `priority` strategy: the lowest value among healthy deployments is used.
    public var priority: Int
    /// Free-form labels requests can ask for (for example `"eu"`, `"batch"`).
    public var tags: [String]
    /// Where the upstream runs, for data-residency rules; nil when unknown.
    public var region: String?
    public var limits: DeploymentLimits
    public var timeouts: Timeouts
    /// Used for cost accounting and the `cost` strategy; for `sim` also what the simulation charges.
    public var price: Price
    /// The config's `price`, or the shipped table's when the config names none.
    public var priceOrigin: PriceOrigin

    public init(
        id: String,
        model: String,
        provider: ProviderSettings,
        weight: Double = 1,
        priority: Int = 0,
        tags: [String] = [],
        region: String? = nil,
        limits: DeploymentLimits = DeploymentLimits(),
        timeouts: Timeouts = Timeouts(),
        price: Price = .free,
        priceOrigin: PriceOrigin = .configured
    ) {
        self.id = id
        self.model = model
        self.provider = provider
        self.weight = weight
        self.priority = priority
        self.tags = tags
        self.region = region
        self.limits = limits
        self.timeouts = timeouts
        self.price = price
        self.priceOrigin = priceOrigin
    }
}
