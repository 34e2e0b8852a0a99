/// The inner loops of embedding rows: gathers, scatters and the row-wise optimizer step.
///
/// Rows are processed eight floats at a time when the width allows: one embedding row is
/// too short for BLAS's call overhead to pay off, and the plain loop does not vectorise
/// because the compiler cannot rule out aliasing between table and output.
public enum RowKernels {
    /// out[0..<d] += scale · Σ table[id].
    @inline(__always)
    public static func gather(_ ids: ArraySlice<Int32>, table: UnsafePointer<Float>, width d: Int, scale: Float, into out: UnsafeMutablePointer<Float>) {
        if d % 8 == 0 {
            let o = UnsafeMutableRawPointer(out)
            for chunk in stride(from: 0, to: d, by: 8) {
                var sum = SIMD8<Float>()
                for id in ids {
                    sum += UnsafeRawPointer(table + Int(id) * d + chunk).loadUnaligned(as: SIMD8<Float>.self)
                }
                let current = UnsafeRawPointer(o).loadUnaligned(fromByteOffset: chunk * 4, as: SIMD8<Float>.self)
                o.storeBytes(of: current + scale * sum, toByteOffset: chunk * 4, as: SIMD8<Float>.self)
            }
            return
        }
        for id in ids {
            let row = table + Int(id) * d
            for c in 0..<d { out[c] += scale * row[c] }
        }
    }

    /// out[slot(id)] += scale · g for every id, where out holds one compact row per slot.
    @inline(__always)
    static func scatterAdd(
        _ ids: ArraySlice<Int32>, slots: UnsafeBufferPointer<Int32>, scale: Float,
        gradient g: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, width d: Int
    ) {
        if d % 8 == 0 {
            let gr = UnsafeRawPointer(g)
            for chunk in stride(from: 0, to: d, by: 8) {
                let step = scale * gr.loadUnaligned(fromByteOffset: chunk * 4, as: SIMD8<Float>.self)
                for id in ids {
                    let p = UnsafeMutableRawPointer(out + Int(slots[Int(id)]) * d + chunk)
                    p.storeBytes(of: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) + step, as: SIMD8<Float>.self)
                }
            }
            return
        }
        for id in ids {
            let row = out + Int(slots[Int(id)]) * d
            for c in 0..<d { row[c] += scale * g[c] }
        }
    }
}
