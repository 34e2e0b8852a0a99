/// Hyperparameters of one training run.
public struct TrainingOptions: Sendable, Equatable, Codable {
    public var epochs: Int
    public var learningRate: Float
    public var batchSize: Int
    public var weightDecay: Float
    public var seed: UInt64

    public init(epochs: Int = 3, learningRate: Float = 0.005, batchSize: Int = 256, weightDecay: Float = 0, seed: UInt64 = 1) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.weightDecay = weightDecay
        self.seed = seed
    }

    /// Problems a user can act on; empty when valid.
    public var problems: [String] {
        var out: [String] = []
        if epochs < 1 { out.append("epochs must be at least 1, got \(epochs)") }
        if !(learningRate > 0 && learningRate < 10) { out.append("learning rate must be in (0, 10), got \(learningRate)") }
        if batchSize < 1 { out.append("batch size must be at least 1, got \(batchSize)") }
        if weightDecay < 0 { out.append("weight decay must not be negative, got \(weightDecay)") }
        return out
    }
}
