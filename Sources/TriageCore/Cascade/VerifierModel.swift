import Foundation

/// A trained answer verifier (FrugalGPT's scorer): P(answer is correct | prompt, answer, model
/// that answered), from hashed n-grams of both texts, `AnswerSignals` and the answering model.
///
/// The threshold that turns the probability into "escalate" lives in the cascade, not here.
public struct VerifierModel: Sendable {
    /// The `kind` of a verifier's model file header.
    public static let kind = "verifier"

    /// The models the verifier learned reliabilities for; any other name scores as no model.
    public var models: [String] { featurizer.models }
    public var features: FeatureConfig { featurizer.config }
    public let network: VerifierNetwork
    /// The recipe it was trained with.
    public let options: VerifierTrainingOptions
    public var metadata: TrainingMetadata
    public let featurizer: VerifierFeaturizer

    public init(
        features: FeatureConfig, models: [String], network: VerifierNetwork,
        options: VerifierTrainingOptions = VerifierTrainingOptions(), metadata: TrainingMetadata = TrainingMetadata()
    ) {
        precondition(network.shape.dense == VerifierFeaturizer.denseWidth(models: models.count), "dense width must match the model list")
        precondition(network.shape.buckets == features.buckets, "table rows must match the feature buckets")
        featurizer = VerifierFeaturizer(config: features, models: models)
        self.network = network
        self.options = options
        self.metadata = metadata
    }

    /// The logit of P(correct).
    public func logit(prompt: String, answer: String, model: String?) -> Float {
        network.logit(featurizer.featurize(prompt: prompt, answer: answer, model: model))
    }
}

extension VerifierModel: AnswerVerifier {
    /// P(correct) in (0, 1); `model` nil or unknown leaves the model out.
    public func score(prompt: String, answer: String, model: String?) -> Double {
        // Clamped so the probability stays strictly inside (0, 1) in Double.
        let z = Double(max(-30, min(30, logit(prompt: prompt, answer: answer, model: model))))
        return 1 / (1 + exp(-z))
    }
}

extension VerifierModel: Equatable {
    public static func == (a: VerifierModel, b: VerifierModel) -> Bool {
        a.features == b.features && a.models == b.models && a.network == b.network
            && a.options == b.options && a.metadata == b.metadata
    }
}
