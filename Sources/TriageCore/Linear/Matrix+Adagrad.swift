extension Matrix {
    /// Row-wise Adagrad on the rows `ids` of this table, given their gradients as compact
    /// rows (row s of `gradient` belongs to ids[s]) and one squared-gradient accumulator per row:
    ///
    ///     g ← grad_r + λ·θ_r,  G_r ← G_r + mean(g²),  θ_r ← θ_r − α·g/(√G_r + ε)
    public mutating func adagradRows(
        _ ids: [Int32], gradient: [Float], accumulator: inout [Float], rate: Float, decay: Float, epsilon: Float
    ) {
        precondition(gradient.count >= ids.count * cols && accumulator.count == rows, "adagradRows: shapes differ")
        let d = cols
        let vectorized = d % 8 == 0
        values.withUnsafeMutableBufferPointer { table in
            gradient.withUnsafeBufferPointer { grad in
                accumulator.withUnsafeMutableBufferPointer { acc in
                    let theta = UnsafeMutableRawPointer(table.baseAddress!)
                    let g = UnsafeRawPointer(grad.baseAddress!)
                    for (slot, id) in ids.enumerated() {
                        let row = Int(id) * d * 4
                        let gRow = slot * d * 4
                        if vectorized {
                            var squares = SIMD8<Float>()
                            for c in stride(from: 0, to: d * 4, by: 32) {
                                var gi = g.loadUnaligned(fromByteOffset: gRow + c, as: SIMD8<Float>.self)
                                if decay != 0 { gi += decay * UnsafeRawPointer(theta).loadUnaligned(fromByteOffset: row + c, as: SIMD8<Float>.self) }
                                squares += gi * gi
                            }
                            acc[Int(id)] += squares.sum() / Float(d)
                            let step = rate / (acc[Int(id)].squareRoot() + epsilon)
                            for c in stride(from: 0, to: d * 4, by: 32) {
                                let t = UnsafeRawPointer(theta).loadUnaligned(fromByteOffset: row + c, as: SIMD8<Float>.self)
                                var gi = g.loadUnaligned(fromByteOffset: gRow + c, as: SIMD8<Float>.self)
                                if decay != 0 { gi += decay * t }
                                theta.storeBytes(of: t - step * gi, toByteOffset: row + c, as: SIMD8<Float>.self)
                            }
                        } else {
                            let base = Int(id) * d, gBase = slot * d
                            var squares: Float = 0
                            for c in 0..<d {
                                let gi = grad[gBase + c] + decay * table[base + c]
                                squares += gi * gi
                            }
                            acc[Int(id)] += squares / Float(d)
                            let step = rate / (acc[Int(id)].squareRoot() + epsilon)
                            for c in 0..<d { table[base + c] -= step * (grad[gBase + c] + decay * table[base + c]) }
                        }
                    }
                }
            }
        }
    }
}
