/// Everything that decides how a router is trained, apart from the data.
public struct RouterRecipe: Codable, Sendable, Equatable {
    public var features: FeatureConfig
    public var embedding: Int
    public var hidden: Int
    public var training: TrainingOptions
    /// Share of prompts held out for the per-epoch validation AUC (0 disables it).
    public var validationShare: Double

    public init(
        features: FeatureConfig = FeatureConfig(),
        embedding: Int = 16,
        hidden: Int = 64,
        training: TrainingOptions = TrainingOptions(),
        validationShare: Double = 0.1
    ) {
        self.features = features
        self.embedding = embedding
        self.hidden = hidden
        self.training = training
        self.validationShare = validationShare
    }

    public var problems: [String] {
        var out = features.problems + training.problems
        if !(1...512).contains(embedding) { out.append("embedding size must be 1 to 512, got \(embedding)") }
        if !(1...1024).contains(hidden) { out.append("hidden size must be 1 to 1024, got \(hidden)") }
        if !(0..<1).contains(validationShare) { out.append("validation share must be in [0, 1), got \(validationShare)") }
        return out
    }

    public func shape(heads: Int) -> NetworkShape {
        NetworkShape(buckets: features.buckets, embedding: embedding, hidden: hidden, heads: heads)
    }
}
