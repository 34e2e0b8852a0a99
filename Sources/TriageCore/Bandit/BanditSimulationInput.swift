/// What a bandit simulation streams: per prompt, the router's view and the true outcome of
/// every arm, of which the bandit only ever sees the arm it chose.
public struct BanditSimulationInput: Sendable {
    /// The router's features of each prompt (for the bandit's context).
    public var features: [PromptFeatures]
    /// The router's predicted quality of each arm, per prompt (n × arms).
    public var predicted: [[Double]]
    /// RouteLLM's strong_win score per prompt: the fixed policies' threshold variable.
    public var strongWin: [Double]
    /// The true quality of each arm's answer, per prompt (n × arms), in [0, 1].
    public var quality: [[Double]]
    /// Each arm's cost per call, in the unit λ prices (arm 0 weak, the last strong).
    public var cost: [Double]

    public init(features: [PromptFeatures], predicted: [[Double]], strongWin: [Double], quality: [[Double]], cost: [Double]) {
        precondition(features.count == predicted.count && predicted.count == strongWin.count && strongWin.count == quality.count,
                     "one row per prompt")
        self.features = features
        self.predicted = predicted
        self.strongWin = strongWin
        self.quality = quality
        self.cost = cost
    }

    public var count: Int { quality.count }

    /// The mean reward of sending each prompt to `arms[i]`.
    public func meanReward(arms: [Int], lambda: Double) -> Double {
        var total = 0.0
        for i in arms.indices { total += quality[i][arms[i]] - lambda * cost[arms[i]] }
        return total / Double(max(arms.count, 1))
    }

    /// The two-arm threshold policy's choices: strong (arm 1) where strong_win ≥ t.
    public func thresholdArms(_ t: Double) -> [Int] { strongWin.map { $0 >= t ? 1 : 0 } }
}
