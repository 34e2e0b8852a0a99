extension QualityNetwork {
    /// The same logits as `logits(_:)` with plain Swift loops instead of BLAS; the benchmark
    /// runs both to show what BLAS buys, and tests check they agree.
    public func naiveLogits(_ features: PromptFeatures) -> [Float] {
        let d = shape.embedding
        var x = [Float](repeating: 0, count: shape.inputWidth)
        if !features.ids.isEmpty {
            let scale = 1 / Float(features.ids.count)
            for id in features.ids {
                for c in 0..<d { x[c] += scale * bag.table[Int(id), c] }
            }
        }
        for c in 0..<shape.denseSignals { x[d + c] = features.dense[c] }
        var h = hidden.b
        for i in 0..<shape.hidden {
            for j in 0..<shape.inputWidth { h[i] += hidden.w[i, j] * x[j] }
            h[i] = max(h[i], 0)
        }
        var z = output.b
        for k in 0..<shape.heads {
            for i in 0..<shape.hidden { z[k] += output.w[k, i] * h[i] }
        }
        return z
    }
}
