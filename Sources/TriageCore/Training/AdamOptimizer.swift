import Foundation

/// Adam (Kingma & Ba) for the dense layers; row-wise Adagrad for the embedding table, applied
/// to the rows each prompt used as its gradient flows back (see `RowAdagradStep`).
///
///     dense:      m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  θ ← θ − α·m̂/(√v̂ + ε)
///     embedding:  G_r ← G_r + mean(g_r²),  E_r ← E_r − α_e·g_r/(√G_r + ε)
///
/// Per-element Adam on the table costs a square root and a division for every touched value
/// and dominated training time; one accumulator per row (as large recommender models use)
/// keeps the scale-free step at a few operations per value.
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    public var weightDecay: Float
    public let beta1: Float = 0.9
    public let beta2: Float = 0.999
    public let epsilon: Float = 1e-8
    /// Step size of the embedding rows; Adagrad's decaying steps want a larger start than Adam.
    public var embeddingLearningRate: Float
    public private(set) var step = 0

    private var embeddingG: [Float]
    private var hiddenWM: [Float], hiddenWV: [Float], hiddenBM: [Float], hiddenBV: [Float]
    private var outputWM: [Float], outputWV: [Float], outputBM: [Float], outputBV: [Float]

    public init(shape: NetworkShape, learningRate: Float, embeddingLearningRate: Float? = nil, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.embeddingLearningRate = embeddingLearningRate ?? learningRate * 10
        self.weightDecay = weightDecay
        func zeros(_ n: Int) -> [Float] { [Float](repeating: 0, count: n) }
        embeddingG = zeros(shape.buckets)
        hiddenWM = zeros(shape.hidden * shape.inputWidth); hiddenWV = hiddenWM
        hiddenBM = zeros(shape.hidden); hiddenBV = hiddenBM
        outputWM = zeros(shape.heads * shape.hidden); outputWV = outputWM
        outputBM = zeros(shape.heads); outputBV = outputBM
    }

    /// One step: Adam on the dense layers from `g`, then the embedding rows of `batch` from
    /// `g.dX` (run `backwardDense` first).
    public mutating func update(_ net: inout QualityNetwork, with g: QualityNetwork.Gradients, batch: FeatureBatch) {
        step += 1
        let t = Float(step)
        // Folding both bias corrections into the step size: α_t = α·√(1−β2^t)/(1−β1^t).
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        Self.apply(alpha, &net.hidden.w.values, g.hiddenW.values, &hiddenWM, &hiddenWV, decay: weightDecay, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.hidden.b, g.hiddenB, &hiddenBM, &hiddenBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.output.w.values, g.outputW.values, &outputWM, &outputWV, decay: weightDecay, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.output.b, g.outputB, &outputBM, &outputBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
        guard let dX = g.dX else { return }
        let (d, rate, decay, eps) = (net.shape.embedding, embeddingLearningRate, weightDecay, epsilon)
        net.bag.table.values.withUnsafeMutableBufferPointer { table in
            embeddingG.withUnsafeMutableBufferPointer { accumulator in
                var step = RowAdagradStep(table: table.baseAddress!, accumulator: accumulator.baseAddress!, width: d, rate: rate, decay: decay, epsilon: eps)
                EmbeddingBag.backward(batch, dX: dX, into: &step)
            }
        }
    }

    static func apply(
        _ alpha: Float, _ theta: inout [Float], _ grad: [Float], _ m: inout [Float], _ v: inout [Float],
        decay: Float, b1: Float, b2: Float, eps: Float
    ) {
        for i in theta.indices {
            let gi = grad[i] + decay * theta[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            theta[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
        }
    }
}
