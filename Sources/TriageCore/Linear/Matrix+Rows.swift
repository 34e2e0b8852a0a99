/// Row-level helpers over matrices, kept beside the other pointer code so model files stay
/// free of it.
extension Matrix {
    /// out[0..<cols] += scale · Σ self[id] over `ids`.
    public func accumulateRows(_ ids: ArraySlice<Int32>, scale: Float, into out: UnsafeMutablePointer<Float>) {
        let d = cols
        values.withUnsafeBufferPointer { table in
            guard let base = table.baseAddress else { return }
            RowKernels.gather(ids, table: base, width: d, scale: scale, into: out)
        }
    }

    /// Copies `source` into row `row` starting at column `column`.
    public mutating func setRow(_ row: Int, column: Int = 0, from source: [Float]) {
        precondition(column + source.count <= cols, "setRow: source does not fit")
        let start = row * cols + column
        values.withUnsafeMutableBufferPointer { dst in
            source.withUnsafeBufferPointer { src in
                (dst.baseAddress! + start).update(from: src.baseAddress!, count: src.count)
            }
        }
    }

    /// Adds the bias vector `b` to every row.
    public mutating func addToRows(_ b: [Float]) {
        precondition(b.count == cols, "addToRows: bias length differs from column count")
        let c = cols
        values.withUnsafeMutableBufferPointer { v in
            for r in 0..<rows {
                let row = v.baseAddress! + r * c
                for j in 0..<c { row[j] += b[j] }
            }
        }
    }

    /// Column sums added into `out` (the bias gradient of a dense layer).
    public func addColumnSums(into out: inout [Float]) {
        precondition(out.count == cols, "addColumnSums: output length differs from column count")
        let c = cols
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let row = v.baseAddress! + r * c
                for j in 0..<c { out[j] += row[j] }
            }
        }
    }
}
