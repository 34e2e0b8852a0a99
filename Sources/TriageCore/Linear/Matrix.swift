/// A dense row-major matrix of `Float`, the one tensor type of the learning core.
public struct Matrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var values: [Float]

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix shape must be non-negative")
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "matrix \(rows)×\(cols) needs \(rows * cols) values, got \(values.count)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    public var count: Int { values.count }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// Changes the row count in place, keeping capacity, so mini-batch buffers are reused.
    public mutating func resize(rows newRows: Int) {
        if newRows == rows { return }
        let newCount = newRows * cols
        if newCount < values.count {
            values.removeLast(values.count - newCount)
        } else {
            values.append(contentsOf: repeatElement(0, count: newCount - values.count))
        }
        rows = newRows
    }

    /// Sets every entry to zero.
    public mutating func zero() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Fills with values drawn uniformly from [-scale, scale].
    public mutating func randomize<G: RandomNumberGenerator>(scale: Float, using generator: inout G) {
        // 24 random bits per value: Float.random(in:using:) is generic and several times slower
        // on the millions of values of an embedding table.
        let unit = 2 * scale / Float(1 << 24)
        for i in values.indices {
            values[i] = Float(generator.next() >> 40) * unit - scale
        }
    }
}
