/// A featurized prompt: hashed n-gram bucket ids plus dense signals.
public struct PromptFeatures: Sendable, Equatable {
    /// Bucket ids of word and character n-grams, repeats kept (they weight the bag).
    public var ids: [Int32]
    /// `DenseSignal.count` values, each scaled to roughly [0, 1].
    public var dense: [Float]

    public init(ids: [Int32] = [], dense: [Float] = [Float](repeating: 0, count: DenseSignal.count)) {
        self.ids = ids
        self.dense = dense
    }
}
