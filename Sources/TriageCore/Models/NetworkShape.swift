/// Sizes of a `QualityNetwork`: buckets×d embeddings, (d+s)→h hidden layer, h→heads output.
public struct NetworkShape: Codable, Sendable, Equatable {
    public var buckets: Int
    public var embedding: Int
    public var denseSignals: Int
    public var hidden: Int
    public var heads: Int

    public init(buckets: Int, embedding: Int = 32, denseSignals: Int = DenseSignal.count, hidden: Int = 32, heads: Int) {
        self.buckets = buckets
        self.embedding = embedding
        self.denseSignals = denseSignals
        self.hidden = hidden
        self.heads = heads
    }

    public var inputWidth: Int { embedding + denseSignals }

    /// Number of float parameters, which is also the model file's payload in floats.
    public var parameterCount: Int {
        buckets * embedding + (inputWidth + 1) * hidden + (hidden + 1) * heads
    }
}
