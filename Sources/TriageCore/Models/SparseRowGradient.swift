/// The gradient of an embedding table, stored densely but tracking which rows a batch
/// touched, so the optimizer visits only those rows instead of the whole table.
public struct SparseRowGradient: Sendable {
    public private(set) var values: Matrix
    public private(set) var touched: [Int32] = []
    private var isTouched: [Bool]

    public init(rows: Int, cols: Int) {
        values = Matrix(rows: rows, cols: cols)
        isTouched = [Bool](repeating: false, count: rows)
    }

    /// Adds scale·g to the rows `ids`.
    public mutating func add(_ ids: ArraySlice<Int32>, scale: Float, gradient: UnsafePointer<Float>) {
        for id in ids where !isTouched[Int(id)] {
            isTouched[Int(id)] = true
            touched.append(id)
        }
        values.scatterAdd(ids, scale: scale, gradient: gradient)
    }

    public func row(_ id: Int32) -> ArraySlice<Float> {
        let start = Int(id) * values.cols
        return values.values[start..<start + values.cols]
    }

    /// Zeroes the touched rows only: clearing a whole 2^18-row table per batch would cost
    /// more than the batch itself.
    public mutating func clear() {
        let d = values.cols
        for id in touched {
            isTouched[Int(id)] = false
            let start = Int(id) * d
            for c in start..<start + d { values.values[c] = 0 }
        }
        touched.removeAll(keepingCapacity: true)
    }
}
