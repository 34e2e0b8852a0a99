/// A trained router: featurization, network and the candidate model each head stands for.
///
/// The threshold or policy that turns scores into a decision lives outside (RouteLLM's seam:
/// the model only answers "how likely is each model's answer good").
public struct RouterModel: Sendable, Equatable {
    /// What the heads mean.
    public enum Kind: String, Codable, Sendable {
        /// Head k is the logit of P(model k's answer is good | prompt).
        case quality
        /// Head k is a Bradley–Terry strength s(k, prompt); P(a beats b) = σ(s_a − s_b).
        case pairwise
    }

    public var kind: Kind
    public var features: FeatureConfig
    /// Candidate model names, one per head.
    public var heads: [String]
    public var network: QualityNetwork
    public var metadata: TrainingMetadata

    public init(kind: Kind, features: FeatureConfig, heads: [String], network: QualityNetwork, metadata: TrainingMetadata = TrainingMetadata()) {
        precondition(heads.count == network.shape.heads, "one head name per network head")
        self.kind = kind
        self.features = features
        self.heads = heads
        self.network = network
        self.metadata = metadata
    }

    public func headIndex(_ name: String) -> Int? { heads.firstIndex(of: name) }

    /// Per-model scores in [0, 1]: P(good) for a quality model; for a pairwise model, the
    /// probability of beating an average opponent, σ(s_k − mean s).
    public func scores(_ f: PromptFeatures) -> [Float] {
        scores(logits: network.logits(f))
    }

    /// Per-model scores from logits already computed (with `strongWin(logits:)`, one forward pass serves both).
    public func scores(logits z: [Float]) -> [Float] {
        switch kind {
        case .quality:
            return z.map(SigmoidCrossEntropy.sigmoid)
        case .pairwise:
            let mean = z.reduce(0, +) / Float(max(z.count, 1))
            return z.map { SigmoidCrossEntropy.sigmoid($0 - mean) }
        }
    }

    /// RouteLLM's P(win_strong | prompt): the probability that the strong model's answer beats
    /// the weak one's, ties counting half.
    ///
    /// Quality model: P(s>w) + ½P(s=w) = ½(1 + p_s − p_w) for 0/1 outcomes, whatever the
    /// heads' correlation; it ranks prompts by the expected gain of calling the strong model
    /// (p_s − p_w), which is what the cost-quality curve rewards. Pairwise model: σ(s_strong − s_weak).
    public func strongWin(_ f: PromptFeatures, strong: Int, weak: Int) -> Float {
        strongWin(logits: network.logits(f), strong: strong, weak: weak)
    }

    public func strongWin(logits z: [Float], strong: Int, weak: Int) -> Float {
        switch kind {
        case .quality:
            return 0.5 * (1 + SigmoidCrossEntropy.sigmoid(z[strong]) - SigmoidCrossEntropy.sigmoid(z[weak]))
        case .pairwise:
            return SigmoidCrossEntropy.sigmoid(z[strong] - z[weak])
        }
    }
}
