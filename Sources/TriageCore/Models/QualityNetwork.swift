/// The router's network: an embedding bag of hashed n-grams, concatenated with the dense
/// signals, through one ReLU layer into one logit per head.
///
///     x = [mean E[ids] | dense]     n×(d+s)
///     h = relu(x W1ᵀ + b1)          n×H
///     z = h W2ᵀ + b2                n×N
public struct QualityNetwork: Sendable, Equatable {
    public var shape: NetworkShape
    public var bag: EmbeddingBag
    public var hidden: DenseLayer
    public var output: DenseLayer

    public init<G: RandomNumberGenerator>(shape: NetworkShape, using generator: inout G) {
        self.shape = shape
        var table = Matrix(rows: shape.buckets, cols: shape.embedding)
        // Small embeddings: a prompt averages hundreds of rows, so the mean starts near zero
        // and the dense signals carry the first steps.
        table.randomize(scale: 0.1, using: &generator)
        bag = EmbeddingBag(table: table)
        hidden = DenseLayer(inputs: shape.inputWidth, outputs: shape.hidden, using: &generator)
        output = DenseLayer(inputs: shape.hidden, outputs: shape.heads, using: &generator)
    }

    public init(shape: NetworkShape, bag: EmbeddingBag, hidden: DenseLayer, output: DenseLayer) {
        self.shape = shape
        self.bag = bag
        self.hidden = hidden
        self.output = output
    }

    /// The intermediate values of a batch's forward pass, kept for the backward pass.
    public struct Activations: Sendable {
        public var x: Matrix
        public var h: Matrix
        public var z: Matrix

        public init(shape: NetworkShape, batchSize: Int = 0) {
            x = Matrix(rows: batchSize, cols: shape.inputWidth)
            h = Matrix(rows: batchSize, cols: shape.hidden)
            z = Matrix(rows: batchSize, cols: shape.heads)
        }

        mutating func resize(rows: Int) {
            x.resize(rows: rows)
            h.resize(rows: rows)
            z.resize(rows: rows)
        }
    }

    /// Gradients of every parameter, shaped like them.
    public struct Gradients: Sendable {
        public var embedding: SparseRowGradient
        public var hiddenW: Matrix
        public var hiddenB: [Float]
        public var outputW: Matrix
        public var outputB: [Float]
        /// ∂L/∂x of the last backward pass (batch × input width).
        public internal(set) var dX: Matrix?
        var dH: Matrix?

        public init(shape: NetworkShape) {
            embedding = SparseRowGradient(rows: shape.buckets, cols: shape.embedding)
            hiddenW = Matrix(rows: shape.hidden, cols: shape.inputWidth)
            hiddenB = [Float](repeating: 0, count: shape.hidden)
            outputW = Matrix(rows: shape.heads, cols: shape.hidden)
            outputB = [Float](repeating: 0, count: shape.heads)
        }

        public mutating func clear() {
            embedding.clear()
            hiddenW.zero()
            outputW.zero()
            for i in hiddenB.indices { hiddenB[i] = 0 }
            for i in outputB.indices { outputB[i] = 0 }
        }
    }

    /// Forward pass over a batch; logits end up in `activations.z`.
    public func forward(_ batch: FeatureBatch, into a: inout Activations) {
        a.resize(rows: batch.count)
        bag.forward(batch, into: &a.x)
        for i in 0..<batch.count {
            for c in 0..<shape.denseSignals {
                a.x[i, shape.embedding + c] = batch.dense[i, c]
            }
        }
        hidden.forward(a.x, into: &a.h)
        ReLU.forward(&a.h)
        output.forward(a.h, into: &a.z)
    }

    /// Backward pass from ∂L/∂z; accumulates into `g` (clear it between batches).
    public func backward(_ batch: FeatureBatch, activations a: Activations, dZ: Matrix, into g: inout Gradients) {
        backwardDense(batch, activations: a, dZ: dZ, into: &g)
        EmbeddingBag.backward(batch, dX: g.dX!, into: &g.embedding)
    }

    /// The dense part of the backward pass: ∂W, ∂b of both layers, and ∂x in `g.dX`, which
    /// the embedding step consumes.
    public func backwardDense(_ batch: FeatureBatch, activations a: Activations, dZ: Matrix, into g: inout Gradients) {
        let n = batch.count
        if g.dH?.cols != shape.hidden { g.dH = Matrix(rows: n, cols: shape.hidden) }
        if g.dX?.cols != shape.inputWidth { g.dX = Matrix(rows: n, cols: shape.inputWidth) }
        g.dH!.resize(rows: n)
        g.dX!.resize(rows: n)
        output.backward(x: a.h, dY: dZ, dW: &g.outputW, dB: &g.outputB, dX: &g.dH)
        ReLU.backward(output: a.h, gradient: &g.dH!)
        hidden.backward(x: a.x, dY: g.dH!, dW: &g.hiddenW, dB: &g.hiddenB, dX: &g.dX)
    }

    /// Logits for one prompt, with BLAS matrix-vector products (the request path).
    public func logits(_ features: PromptFeatures) -> [Float] {
        var x = [Float](repeating: 0, count: shape.inputWidth)
        var h = [Float](repeating: 0, count: shape.hidden)
        var z = output.b
        x.withUnsafeMutableBufferPointer { px in
            if !features.ids.isEmpty {
                bag.table.accumulateRows(features.ids[...], scale: 1 / Float(features.ids.count), into: px.baseAddress!)
            }
            for c in 0..<shape.denseSignals { px[shape.embedding + c] = features.dense[c] }
        }
        h.withUnsafeMutableBufferPointer { ph in
            x.withUnsafeBufferPointer { px in
                for i in 0..<shape.hidden { ph[i] = hidden.b[i] }
                BLAS.gemv(hidden.w, x: px, y: ph, beta: 1)
                for i in 0..<shape.hidden where ph[i] < 0 { ph[i] = 0 }
            }
        }
        z.withUnsafeMutableBufferPointer { pz in
            h.withUnsafeBufferPointer { ph in
                BLAS.gemv(output.w, x: ph, y: pz, beta: 1)
            }
        }
        return z
    }
}
