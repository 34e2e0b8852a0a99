/// The verifier's network, wide and deep: one hashed embedding table read as two bags (the
/// prompt's n-grams and the answer's), concatenated with the dense signals, through one ReLU
/// layer into one logit, plus one learned weight per wide cross id.
///
///     x = [mean E[prompt ids] | mean E[answer ids] | dense]     n×(2d+s)
///     h = relu(x W1ᵀ + b1)                                     n×H
///     z = h w2ᵀ + b2 + Σ_{j ∈ cross ids} u[j]                  n×1,  P(correct) = σ(z)
public struct VerifierNetwork: Sendable, Equatable {
    /// Sizes: a buckets×d table, a (2d+s)→H hidden layer and one output.
    public struct Shape: Codable, Sendable, Equatable {
        public var buckets: Int
        public var embedding: Int
        public var dense: Int
        public var hidden: Int

        public init(buckets: Int, embedding: Int, dense: Int, hidden: Int) {
            self.buckets = buckets
            self.embedding = embedding
            self.dense = dense
            self.hidden = hidden
        }

        public var inputWidth: Int { 2 * embedding + dense }

        /// Number of float parameters, which is also the model file's payload in floats.
        public var parameterCount: Int { buckets * embedding + (inputWidth + 1) * hidden + hidden + 1 + buckets }
    }

    /// Several examples laid out for one mini-batch: each bag's ids flattened with offsets.
    public struct Batch: Sendable {
        public var promptIDs: [Int32] = []
        public var answerIDs: [Int32] = []
        public var crossIDs: [Int32] = []
        /// Example i owns promptIDs[promptOffsets[i]..<promptOffsets[i+1]], likewise for the others.
        public var promptOffsets: [Int] = [0]
        public var answerOffsets: [Int] = [0]
        public var crossOffsets: [Int] = [0]
        public var dense: Matrix

        public init(denseWidth: Int) {
            dense = Matrix(rows: 0, cols: denseWidth)
        }

        public var count: Int { promptOffsets.count - 1 }

        func promptIDs(of i: Int) -> ArraySlice<Int32> { promptIDs[promptOffsets[i]..<promptOffsets[i + 1]] }
        func answerIDs(of i: Int) -> ArraySlice<Int32> { answerIDs[answerOffsets[i]..<answerOffsets[i + 1]] }
        func crossIDs(of i: Int) -> ArraySlice<Int32> { crossIDs[crossOffsets[i]..<crossOffsets[i + 1]] }

        public mutating func removeAll() {
            promptIDs.removeAll(keepingCapacity: true)
            answerIDs.removeAll(keepingCapacity: true)
            crossIDs.removeAll(keepingCapacity: true)
            promptOffsets.removeAll(keepingCapacity: true)
            answerOffsets.removeAll(keepingCapacity: true)
            crossOffsets.removeAll(keepingCapacity: true)
            promptOffsets.append(0)
            answerOffsets.append(0)
            crossOffsets.append(0)
            dense.resize(rows: 0)
        }

        /// Appends one example; `dropping` dense columns are zeroed and, when it is not empty, the
        /// model's crosses left out (model dropout).
        public mutating func append(_ f: VerifierFeatures, dropping: Range<Int> = 0..<0) {
            promptIDs.append(contentsOf: f.promptIDs)
            answerIDs.append(contentsOf: f.answerIDs)
            crossIDs.append(contentsOf: f.crossIDs[..<(f.crossIDs.count - (dropping.isEmpty ? 0 : f.modelCrosses))])
            promptOffsets.append(promptIDs.count)
            answerOffsets.append(answerIDs.count)
            crossOffsets.append(crossIDs.count)
            dense.resize(rows: dense.rows + 1)
            let r = dense.rows - 1
            for c in 0..<dense.cols where !dropping.contains(c) { dense[r, c] = f.dense[c] }
        }
    }

    /// The intermediate values of a batch's forward pass, kept for the backward pass.
    public struct Activations: Sendable {
        public var x: Matrix
        public var h: Matrix
        public var z: Matrix

        public init(shape: Shape) {
            x = Matrix(rows: 0, cols: shape.inputWidth)
            h = Matrix(rows: 0, cols: shape.hidden)
            z = Matrix(rows: 0, cols: 1)
        }
    }

    /// Gradients of the dense parameters and ∂L/∂x, which the embedding step consumes.
    public struct Gradients: Sendable {
        public var hiddenW: Matrix
        public var hiddenB: [Float]
        public var outputW: Matrix
        public var outputB: [Float]
        /// ∂L/∂u, one value per bucket.
        public var wide: [Float]
        public var dX: Matrix?
        var dH: Matrix?

        public init(shape: Shape) {
            hiddenW = Matrix(rows: shape.hidden, cols: shape.inputWidth)
            hiddenB = [Float](repeating: 0, count: shape.hidden)
            outputW = Matrix(rows: 1, cols: shape.hidden)
            outputB = [0]
            wide = [Float](repeating: 0, count: shape.buckets)
        }

        public mutating func clear() {
            hiddenW.zero()
            outputW.zero()
            for i in hiddenB.indices { hiddenB[i] = 0 }
            outputB[0] = 0
            for i in wide.indices where wide[i] != 0 { wide[i] = 0 }
        }
    }

    public var shape: Shape
    /// buckets×d: prompt n-grams in the lower half of the rows, answer n-grams in the upper.
    public var table: Matrix
    public var hidden: DenseLayer
    public var output: DenseLayer
    /// u: one weight per bucket, summed over an example's cross ids.
    public var wide: [Float]

    public init<G: RandomNumberGenerator>(shape: Shape, using generator: inout G) {
        self.shape = shape
        table = Matrix(rows: shape.buckets, cols: shape.embedding)
        table.randomize(scale: 0.1, using: &generator)
        hidden = DenseLayer(inputs: shape.inputWidth, outputs: shape.hidden, using: &generator)
        output = DenseLayer(inputs: shape.hidden, outputs: 1, using: &generator)
        wide = [Float](repeating: 0, count: shape.buckets)
    }

    public init(shape: Shape, table: Matrix, hidden: DenseLayer, output: DenseLayer, wide: [Float]) {
        precondition(wide.count == shape.buckets, "one wide weight per bucket")
        precondition(table.rows == shape.buckets && table.cols == shape.embedding, "table must be buckets×embedding")
        precondition(hidden.inputs == shape.inputWidth && hidden.outputs == shape.hidden, "hidden layer must be inputWidth→hidden")
        precondition(output.inputs == shape.hidden && output.outputs == 1, "output layer must be hidden→1")
        self.shape = shape
        self.table = table
        self.hidden = hidden
        self.output = output
        self.wide = wide
    }

    /// Forward pass over a batch; logits end up in `a.z` (n×1).
    public func forward(_ batch: Batch, into a: inout Activations) {
        let n = batch.count, d = shape.embedding, width = shape.inputWidth
        a.x.resize(rows: n)
        a.h.resize(rows: n)
        a.z.resize(rows: n)
        a.x.values.withUnsafeMutableBufferPointer { x in
            for i in 0..<n {
                let row = x.baseAddress! + i * width
                for c in 0..<2 * d { row[c] = 0 }
                let p = batch.promptIDs(of: i), q = batch.answerIDs(of: i)
                if !p.isEmpty { table.accumulateRows(p, scale: 1 / Float(p.count), into: row) }
                if !q.isEmpty { table.accumulateRows(q, scale: 1 / Float(q.count), into: row + d) }
                for c in 0..<shape.dense { row[2 * d + c] = batch.dense[i, c] }
            }
        }
        hidden.forward(a.x, into: &a.h)
        ReLU.forward(&a.h)
        output.forward(a.h, into: &a.z)
        for i in 0..<n {
            for j in batch.crossIDs(of: i) { a.z[i, 0] += wide[Int(j)] }
        }
    }

    /// The backward pass from ∂L/∂z but for the table: ∂u, ∂W, ∂b of both layers (accumulated;
    /// clear `g` between batches) and ∂x in `g.dX`, which `backwardEmbedding` consumes.
    public func backward(_ batch: Batch, activations a: Activations, dZ: Matrix, into g: inout Gradients) {
        let n = batch.count
        if g.dH == nil { g.dH = Matrix(rows: n, cols: shape.hidden) }
        if g.dX == nil { g.dX = Matrix(rows: n, cols: shape.inputWidth) }
        g.dH!.resize(rows: n)
        g.dX!.resize(rows: n)
        for i in 0..<n {
            for j in batch.crossIDs(of: i) { g.wide[Int(j)] += dZ[i, 0] }
        }
        output.backward(x: a.h, dY: dZ, dW: &g.outputW, dB: &g.outputB, dX: &g.dH)
        ReLU.backward(output: a.h, gradient: &g.dH!)
        hidden.backward(x: a.x, dY: g.dH!, dW: &g.hiddenW, dB: &g.hiddenB, dX: &g.dX)
    }

    /// Sends each example's bag gradients (the first 2d columns of dX) to the rows it used:
    ///
    ///     ∂L/∂E[j] += (1/|P_i|) ∂L/∂x_i[0..<d] for j ∈ P_i,   (1/|A_i|) ∂L/∂x_i[d..<2d] for j ∈ A_i
    ///
    /// Static: it needs no weights, so an optimizer may update the table as the gradient arrives.
    public static func backwardEmbedding<Sink: RowGradientSink>(_ batch: Batch, dX: Matrix, embedding d: Int, into sink: inout Sink) {
        let width = dX.cols
        dX.values.withUnsafeBufferPointer { g in
            for i in 0..<batch.count {
                let row = g.baseAddress! + i * width
                let p = batch.promptIDs(of: i), q = batch.answerIDs(of: i)
                if !p.isEmpty { sink.add(p, scale: 1 / Float(p.count), gradient: row) }
                if !q.isEmpty { sink.add(q, scale: 1 / Float(q.count), gradient: row + d) }
            }
        }
    }

    /// Sets subnormal weights to zero. Weight decay walks the weights of inputs that are almost
    /// always zero down into the subnormal range, where every multiply takes a slow microcode
    /// path: a few hundred such weights made one score ten times slower.
    public mutating func flushSubnormals() {
        func flush(_ v: inout [Float]) {
            for i in v.indices where v[i] != 0 && abs(v[i]) < Float.leastNormalMagnitude { v[i] = 0 }
        }
        flush(&table.values)
        flush(&hidden.w.values)
        flush(&hidden.b)
        flush(&output.w.values)
        flush(&output.b)
        flush(&wide)
    }

    /// The logit of one example, with BLAS matrix-vector products (the request path).
    public func logit(_ f: VerifierFeatures) -> Float {
        let d = shape.embedding
        var x = [Float](repeating: 0, count: shape.inputWidth)
        var h = hidden.b
        var z = output.b
        x.withUnsafeMutableBufferPointer { px in
            if !f.promptIDs.isEmpty {
                table.accumulateRows(f.promptIDs[...], scale: 1 / Float(f.promptIDs.count), into: px.baseAddress!)
            }
            if !f.answerIDs.isEmpty {
                table.accumulateRows(f.answerIDs[...], scale: 1 / Float(f.answerIDs.count), into: px.baseAddress! + d)
            }
            for c in 0..<shape.dense { px[2 * d + c] = f.dense[c] }
        }
        h.withUnsafeMutableBufferPointer { ph in
            x.withUnsafeBufferPointer { px in
                BLAS.gemv(hidden.w, x: px, y: ph, beta: 1)
            }
            for i in 0..<ph.count where ph[i] < 0 { ph[i] = 0 }
        }
        z.withUnsafeMutableBufferPointer { pz in
            h.withUnsafeBufferPointer { ph in
                BLAS.gemv(output.w, x: ph, y: pz, beta: 1)
            }
        }
        for j in f.crossIDs { z[0] += wide[Int(j)] }
        return z[0]
    }
}
