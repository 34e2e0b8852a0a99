/// The gradient of an embedding table over the rows a batch touched, stored compactly in
/// the order rows were first touched.
///
/// A dense table-sized gradient made every update a random walk over two tables; the compact
/// rows keep the optimizer's reads sequential and clearing a memset of what was used.
public struct SparseRowGradient: Sendable {
    public let rowCount: Int
    public let width: Int
    /// Touched table rows, in slot order.
    public private(set) var touched: [Int32] = []
    /// touched.count × width gradient values; slot s holds the gradient of row touched[s].
    public private(set) var rows: [Float] = []
    private var slotOf: [Int32]

    public init(rows: Int, cols: Int) {
        rowCount = rows
        width = cols
        slotOf = [Int32](repeating: -1, count: rows)
    }

    /// Adds scale·g to the rows `ids`.
    public mutating func add(_ ids: ArraySlice<Int32>, scale: Float, gradient: UnsafePointer<Float>) {
        for id in ids where slotOf[Int(id)] < 0 {
            slotOf[Int(id)] = Int32(touched.count)
            touched.append(id)
        }
        if rows.count < touched.count * width {
            rows.append(contentsOf: repeatElement(0, count: touched.count * width - rows.count))
        }
        rows.withUnsafeMutableBufferPointer { out in
            slotOf.withUnsafeBufferPointer { slots in
                RowKernels.scatterAdd(ids, slots: slots, scale: scale, gradient: gradient, into: out.baseAddress!, width: width)
            }
        }
    }

    /// The gradient of one table row (zeros when untouched).
    public func row(_ id: Int32) -> [Float] {
        let slot = Int(slotOf[Int(id)])
        guard slot >= 0 else { return [Float](repeating: 0, count: width) }
        return Array(rows[slot * width..<(slot + 1) * width])
    }

    /// The whole gradient as a table-shaped matrix (tests and gradient checks).
    public func dense() -> Matrix {
        var m = Matrix(rows: rowCount, cols: width)
        for id in touched { m.setRow(Int(id), from: row(id)) }
        return m
    }

    public mutating func clear() {
        for id in touched { slotOf[Int(id)] = -1 }
        touched.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
    }
}
