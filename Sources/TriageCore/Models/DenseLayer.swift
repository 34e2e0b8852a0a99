/// A fully connected layer on BLAS.
///
///     Y = X Wᵀ + b        X: n×in, W: out×in, b: out, Y: n×out
///     ∂W = ∂Yᵀ X,  ∂b = Σ_rows ∂Y,  ∂X = ∂Y W
public struct DenseLayer: Sendable, Equatable {
    public var w: Matrix
    public var b: [Float]

    public init(w: Matrix, b: [Float]) {
        precondition(b.count == w.rows, "bias length must equal the layer's output width")
        self.w = w
        self.b = b
    }

    /// He-style uniform initialisation, seeded.
    public init<G: RandomNumberGenerator>(inputs: Int, outputs: Int, using generator: inout G) {
        var w = Matrix(rows: outputs, cols: inputs)
        w.randomize(scale: (6 / Float(max(inputs, 1))).squareRoot(), using: &generator)
        self.init(w: w, b: [Float](repeating: 0, count: outputs))
    }

    public var inputs: Int { w.cols }
    public var outputs: Int { w.rows }

    public func forward(_ x: Matrix, into y: inout Matrix) {
        BLAS.gemm(x, w, transposeB: true, into: &y)
        y.addToRows(b)
    }

    /// Accumulates ∂W and ∂b; writes ∂X when asked for it.
    public func backward(x: Matrix, dY: Matrix, dW: inout Matrix, dB: inout [Float], dX: inout Matrix?) {
        BLAS.gemm(dY, transposeA: true, x, into: &dW, beta: 1)
        dY.addColumnSums(into: &dB)
        if dX != nil {
            BLAS.gemm(dY, w, into: &dX!)
        }
    }
}
