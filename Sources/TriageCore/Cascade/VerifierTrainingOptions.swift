/// Everything that decides how a verifier is trained, apart from the data; the defaults are
/// the shipped verifier's recipe (`Models/verifier.triage`).
public struct VerifierTrainingOptions: Codable, Sendable, Equatable {
    /// Sizes of the featurization and the network.
    public struct Sizes: Codable, Sendable, Equatable {
        /// Hash buckets shared by prompt and answer n-grams (answers in their own half, see `VerifierFeaturizer`).
        public var buckets: Int
        /// Cap on hashed n-grams per text, applied to the prompt and the answer separately.
        public var maxIDs: Int
        /// Embedding width of each bag (prompt and answer).
        public var embedding: Int
        /// Hidden layer width.
        public var hidden: Int

        public init(buckets: Int = 1 << 14, maxIDs: Int = 512, embedding: Int = 16, hidden: Int = 32) {
            self.buckets = buckets
            self.maxIDs = maxIDs
            self.embedding = embedding
            self.hidden = hidden
        }
    }

    public var seed: UInt64
    public var epochs: Int
    public var learningRate: Float
    public var batchSize: Int
    public var weightDecay: Float
    /// Share of training answers shown without their model's name each epoch, so that scoring
    /// with no model (or one the verifier never saw) is a case it has learned.
    public var modelDropout: Double
    public var sizes: Sizes

    public init(
        seed: UInt64 = 1, epochs: Int = 6, learningRate: Float = 0.003, batchSize: Int = 64,
        weightDecay: Float = 0.001, modelDropout: Double = 0.1, sizes: Sizes = Sizes()
    ) {
        self.seed = seed
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.weightDecay = weightDecay
        self.modelDropout = modelDropout
        self.sizes = sizes
    }

    /// The featurization these options ask for: word unigrams and bigrams, character 3–5-grams.
    public var features: FeatureConfig {
        FeatureConfig(buckets: sizes.buckets, maxIDs: sizes.maxIDs)
    }

    /// The trainer's share of these options.
    var training: TrainingOptions {
        TrainingOptions(epochs: epochs, learningRate: learningRate, batchSize: batchSize, weightDecay: weightDecay, seed: seed)
    }

    /// Problems a user can act on; empty when valid.
    public var problems: [String] {
        var out = features.problems + training.problems
        if !(0..<1).contains(modelDropout) { out.append("model dropout must be in [0, 1), got \(modelDropout)") }
        if !(1...512).contains(sizes.embedding) { out.append("embedding size must be 1 to 512, got \(sizes.embedding)") }
        if !(1...1024).contains(sizes.hidden) { out.append("hidden size must be 1 to 1024, got \(sizes.hidden)") }
        return out
    }
}
