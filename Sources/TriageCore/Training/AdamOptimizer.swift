import Foundation

/// Adam (Kingma & Ba) for the router network; the embedding table is updated lazily, only on
/// the rows a batch touched, since a full pass over 2^18 rows per step would dominate training.
///
///     m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  θ ← θ − α·m̂/(√v̂ + ε)   (m̂, v̂ bias-corrected)
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    public var weightDecay: Float
    public let beta1: Float = 0.9
    public let beta2: Float = 0.999
    public let epsilon: Float = 1e-8
    public private(set) var step = 0

    private var embeddingM: [Float], embeddingV: [Float]
    private var hiddenWM: [Float], hiddenWV: [Float], hiddenBM: [Float], hiddenBV: [Float]
    private var outputWM: [Float], outputWV: [Float], outputBM: [Float], outputBV: [Float]

    public init(shape: NetworkShape, learningRate: Float, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        func zeros(_ n: Int) -> [Float] { [Float](repeating: 0, count: n) }
        embeddingM = zeros(shape.buckets * shape.embedding); embeddingV = embeddingM
        hiddenWM = zeros(shape.hidden * shape.inputWidth); hiddenWV = hiddenWM
        hiddenBM = zeros(shape.hidden); hiddenBV = hiddenBM
        outputWM = zeros(shape.heads * shape.hidden); outputWV = outputWM
        outputBM = zeros(shape.heads); outputBV = outputBM
    }

    public mutating func update(_ net: inout QualityNetwork, with g: QualityNetwork.Gradients) {
        step += 1
        let t = Float(step)
        // Folding both bias corrections into the step size: α_t = α·√(1−β2^t)/(1−β1^t).
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        Self.apply(alpha, &net.hidden.w.values, g.hiddenW.values, &hiddenWM, &hiddenWV, decay: weightDecay, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.hidden.b, g.hiddenB, &hiddenBM, &hiddenBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.output.w.values, g.outputW.values, &outputWM, &outputWV, decay: weightDecay, b1: beta1, b2: beta2, eps: epsilon)
        Self.apply(alpha, &net.output.b, g.outputB, &outputBM, &outputBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
        let d = net.shape.embedding
        let decay = weightDecay, b1 = beta1, b2 = beta2, eps = epsilon
        net.bag.table.values.withUnsafeMutableBufferPointer { table in
            g.embedding.values.values.withUnsafeBufferPointer { grad in
                embeddingM.withUnsafeMutableBufferPointer { m in
                    embeddingV.withUnsafeMutableBufferPointer { v in
                        for id in g.embedding.touched {
                            let start = Int(id) * d
                            for i in start..<start + d {
                                let gi = grad[i] + decay * table[i]
                                m[i] = b1 * m[i] + (1 - b1) * gi
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                table[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }

    private static func apply(
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
