/// One logged decision, as off-policy evaluation reads it.
public struct LoggedDecision: Sendable, Equatable {
    /// The arm the logging policy chose.
    public var arm: Int
    /// The probability it chose it with (> 0).
    public var propensity: Double
    /// The reward observed for that arm.
    public var reward: Double
    /// The evaluated policy's probability of each arm for this context.
    public var target: [Double]
    /// A reward model's estimate for each arm (doubly robust); nil uses 0 for every arm.
    public var predicted: [Double]?

    public init(arm: Int, propensity: Double, reward: Double, target: [Double], predicted: [Double]? = nil) {
        self.arm = arm
        self.propensity = propensity
        self.reward = reward
        self.target = target
        self.predicted = predicted
    }
}
