/// Several featurized prompts laid out for one mini-batch: ids flattened with offsets,
/// dense signals as an n×s matrix.
public struct FeatureBatch: Sendable {
    public var ids: [Int32] = []
    /// Prompt i owns ids[offsets[i]..<offsets[i+1]].
    public var offsets: [Int] = [0]
    public var dense: Matrix

    public init(denseWidth: Int = DenseSignal.count) {
        dense = Matrix(rows: 0, cols: denseWidth)
    }

    public init(_ examples: [PromptFeatures]) {
        self.init(denseWidth: examples.first?.dense.count ?? DenseSignal.count)
        for e in examples { append(e) }
    }

    public var count: Int { offsets.count - 1 }

    public func ids(of i: Int) -> ArraySlice<Int32> { ids[offsets[i]..<offsets[i + 1]] }

    public mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
        dense.resize(rows: 0)
    }

    public mutating func append(_ features: PromptFeatures) {
        ids.append(contentsOf: features.ids)
        offsets.append(ids.count)
        dense.resize(rows: dense.rows + 1)
        dense.setRow(dense.rows - 1, from: features.dense)
    }
}
