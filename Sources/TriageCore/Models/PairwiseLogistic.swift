import Foundation

/// Bradley–Terry loss over per-model scores: P(a beats b | x) = σ(s_a(x) − s_b(x)).
///
///     L = mean −[t·log σ(Δ) + (1−t)·log σ(−Δ)],   Δ = z[i,a] − z[i,b], t ∈ {0, ½, 1}
///     ∂L/∂z[i,a] = (σ(Δ) − t)/n,   ∂L/∂z[i,b] = −(σ(Δ) − t)/n
public enum PairwiseLogistic {
    /// One comparison: row of the batch, the two models' head indices, and P(a wins) as target.
    public struct Comparison: Sendable, Equatable {
        public var row: Int
        public var a: Int
        public var b: Int
        public var target: Float

        public init(row: Int, a: Int, b: Int, target: Float) {
            self.row = row
            self.a = a
            self.b = b
            self.target = target
        }
    }

    public static func lossAndGradient(scores z: Matrix, comparisons: [Comparison], dZ: inout Matrix) -> Float {
        dZ.zero()
        guard !comparisons.isEmpty else { return 0 }
        let scale = 1 / Float(comparisons.count)
        var total: Float = 0
        for c in comparisons {
            let delta = z[c.row, c.a] - z[c.row, c.b]
            // −t log σ(Δ) − (1−t) log σ(−Δ) = softplus(Δ) − tΔ, in a form that never overflows.
            total += max(delta, 0) + log1p(exp(-abs(delta))) - c.target * delta
            let g = (SigmoidCrossEntropy.sigmoid(delta) - c.target) * scale
            dZ[c.row, c.a] += g
            dZ[c.row, c.b] -= g
        }
        return total * scale
    }
}
