import Foundation

/// Mean binary cross-entropy of σ(z) against targets, over the entries that have a label.
///
///     L = Σ m·[max(z,0) − z·y + log(1 + e^{−|z|})] / Σ m        (stable form of −y log p − (1−y) log(1−p))
///     ∂L/∂z = m·(σ(z) − y) / Σ m
public enum SigmoidCrossEntropy {
    /// z, y, m: n×k; writes ∂L/∂z into dZ and returns L.
    public static func lossAndGradient(logits z: Matrix, targets y: Matrix, mask m: Matrix, dZ: inout Matrix) -> Float {
        var total: Float = 0, weight: Float = 0
        for i in z.values.indices { weight += m.values[i] }
        let scale = weight > 0 ? 1 / weight : 0
        for i in z.values.indices {
            let zi = z.values[i], yi = y.values[i], mi = m.values[i]
            guard mi != 0 else { dZ.values[i] = 0; continue }
            total += mi * (max(zi, 0) - zi * yi + log1p(exp(-abs(zi))))
            dZ.values[i] = mi * (sigmoid(zi) - yi) * scale
        }
        return total * scale
    }

    @inline(__always)
    public static func sigmoid(_ z: Float) -> Float {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
