/// Row-wise Adagrad applied as each prompt's embedding gradient arrives:
///
///     g = s·∂x_i (+ λ·E_r),  G_r ← G_r + mean(g²),  E_r ← E_r − α·g/(√G_r + ε)   for each id r of prompt i
///
/// Every id of one prompt receives the same vector s·∂x_i, so mean(g²) is computed once per
/// prompt, and the update costs one pass over the prompt's ids, like the forward gather.
/// Collecting a batch's gradient first and updating after took three passes over scattered
/// rows and most of the training time. A row shared by several prompts of a batch takes one
/// step per prompt, which only changes how its step size decays.
public struct RowAdagradStep: RowGradientSink {
    let table: UnsafeMutablePointer<Float>
    let accumulator: UnsafeMutablePointer<Float>
    let width: Int
    let rate: Float
    let decay: Float
    let epsilon: Float

    public init(table: UnsafeMutablePointer<Float>, accumulator: UnsafeMutablePointer<Float>, width: Int, rate: Float, decay: Float, epsilon: Float) {
        self.table = table
        self.accumulator = accumulator
        self.width = width
        self.rate = rate
        self.decay = decay
        self.epsilon = epsilon
    }

    public mutating func add(_ ids: ArraySlice<Int32>, scale: Float, gradient: UnsafePointer<Float>) {
        let d = width
        if decay != 0 {
            // With weight decay each row's gradient differs, so each row is done exactly.
            for id in ids {
                let row = table + Int(id) * d
                var squares: Float = 0
                for c in 0..<d {
                    let g = scale * gradient[c] + decay * row[c]
                    squares += g * g
                }
                accumulator[Int(id)] += squares / Float(d)
                let step = rate / (accumulator[Int(id)].squareRoot() + epsilon)
                for c in 0..<d { row[c] -= step * (scale * gradient[c] + decay * row[c]) }
            }
            return
        }
        var squares: Float = 0
        for c in 0..<d { squares += gradient[c] * gradient[c] }
        let meanSquare = scale * scale * squares / Float(d)
        if d % 8 == 0 {
            let g = UnsafeRawPointer(gradient)
            for id in ids {
                accumulator[Int(id)] += meanSquare
                let step = scale * rate / (accumulator[Int(id)].squareRoot() + epsilon)
                let row = UnsafeMutableRawPointer(table + Int(id) * d)
                for offset in stride(from: 0, to: d * 4, by: 32) {
                    let t = UnsafeRawPointer(row).loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    let gi = g.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    row.storeBytes(of: t - step * gi, toByteOffset: offset, as: SIMD8<Float>.self)
                }
            }
            return
        }
        for id in ids {
            accumulator[Int(id)] += meanSquare
            let step = scale * rate / (accumulator[Int(id)].squareRoot() + epsilon)
            let row = table + Int(id) * d
            for c in 0..<d { row[c] -= step * gradient[c] }
        }
    }
}
