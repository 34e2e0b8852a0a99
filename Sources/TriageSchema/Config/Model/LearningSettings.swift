/// Online learning for a routed model: a contextual bandit that starts from the router's
/// estimates and learns from feedback which candidate each kind of request needs.
public struct LearningSettings: Sendable, Equatable {
    /// The declared feedback metric that measures quality (a `minimize` metric counts negated).
    public var metric: String
    /// Reward = quality − λ · cost in USD (λ in quality per dollar, as in `cost_aware`).
    public var lambda: Double
    /// The softmax temperature over the arms' optimistic rewards: smaller is greedier.
    public var temperature: Double
    /// The weight of the uncertainty bonus (UCB's α).
    public var bonus: Double
    /// The share of requests that may deviate from the greedy choice, over the last 1,000.
    public var maxExplorationShare: Double
    /// The extra USD exploration may cost per day (explored choice's price − the greedy one's).
    public var maxExplorationUSDPerDay: Double

    public init(
        metric: String, lambda: Double = 0, temperature: Double = 0.05, bonus: Double = 0.5,
        maxExplorationShare: Double = 0.1, maxExplorationUSDPerDay: Double = 1
    ) {
        self.metric = metric
        self.lambda = lambda
        self.temperature = temperature
        self.bonus = bonus
        self.maxExplorationShare = maxExplorationShare
        self.maxExplorationUSDPerDay = maxExplorationUSDPerDay
    }
}
