/// A featurized (prompt, answer, model): two bags of hashed n-gram ids, the ids of the wide
/// crosses, and the dense signals.
public struct VerifierFeatures: Sendable, Equatable {
    /// Bucket ids of the prompt's word and character n-grams.
    public var promptIDs: [Int32]
    /// Bucket ids of the answer's n-grams, moved off the prompt's rows.
    public var answerIDs: [Int32]
    /// Ids of the crosses the wide part weighs one by one (the answer's first bytes and length
    /// class by kind of question, and by answering model); the model's crosses come last.
    public var crossIDs: [Int32]
    /// How many of `crossIDs`, at the end, involve the model (left out under model dropout).
    public var modelCrosses: Int
    /// `VerifierFeaturizer.denseWidth(models:)` values, each roughly in [-1, 1].
    public var dense: [Float]

    public init(promptIDs: [Int32] = [], answerIDs: [Int32] = [], crossIDs: [Int32] = [], modelCrosses: Int = 0, dense: [Float] = []) {
        precondition(modelCrosses <= crossIDs.count, "model crosses are part of the cross ids")
        self.promptIDs = promptIDs
        self.answerIDs = answerIDs
        self.crossIDs = crossIDs
        self.modelCrosses = modelCrosses
        self.dense = dense
    }
}
