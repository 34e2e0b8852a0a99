import Testing
@testable import TriageCore

/// Finite-difference checks: every analytic gradient against (L(θ+ε) − L(θ−ε)) / 2ε,
/// in Double-free Float arithmetic, so tolerances are loose but meaningful.
@Suite struct GradientCheckTests {
    let epsilon: Float = 1e-2

    func expectClose(_ analytic: Float, _ numeric: Float, _ what: String) {
        let scale = max(abs(analytic), abs(numeric), 1e-3)
        #expect(abs(analytic - numeric) / scale < 0.05, "\(what): analytic \(analytic) vs numeric \(numeric)")
    }

    /// A small batch with repeated and shared ids, and one empty prompt.
    func sampleBatch() -> FeatureBatch {
        var batch = FeatureBatch(denseWidth: 3)
        batch.append(PromptFeatures(ids: [0, 3, 3, 5], dense: [0.5, -0.2, 1.0]))
        batch.append(PromptFeatures(ids: [1, 5], dense: [0.1, 0.3, -0.7]))
        batch.append(PromptFeatures(ids: [], dense: [0.9, 0.0, 0.2]))
        return batch
    }

    @Test func denseLayerGradients() {
        var g = SplitMix64(seed: 7)
        var layer = DenseLayer(inputs: 4, outputs: 3, using: &g)
        var x = Matrix(rows: 5, cols: 4); x.randomize(scale: 1, using: &g)
        var upstream = Matrix(rows: 5, cols: 3); upstream.randomize(scale: 1, using: &g)
        // L = Σ upstream ⊙ Y, so ∂L/∂Y = upstream.
        func loss(_ l: DenseLayer, _ x: Matrix) -> Float {
            var y = Matrix(rows: 5, cols: 3)
            l.forward(x, into: &y)
            return zip(y.values, upstream.values).map(*).reduce(0, +)
        }
        var dW = Matrix(rows: 3, cols: 4), dB = [Float](repeating: 0, count: 3)
        var dX: Matrix? = Matrix(rows: 5, cols: 4)
        layer.backward(x: x, dY: upstream, dW: &dW, dB: &dB, dX: &dX)
        for i in layer.w.values.indices {
            let saved = layer.w.values[i]
            layer.w.values[i] = saved + epsilon; let plus = loss(layer, x)
            layer.w.values[i] = saved - epsilon; let minus = loss(layer, x)
            layer.w.values[i] = saved
            expectClose(dW.values[i], (plus - minus) / (2 * epsilon), "W[\(i)]")
        }
        for i in layer.b.indices {
            let saved = layer.b[i]
            layer.b[i] = saved + epsilon; let plus = loss(layer, x)
            layer.b[i] = saved - epsilon; let minus = loss(layer, x)
            layer.b[i] = saved
            expectClose(dB[i], (plus - minus) / (2 * epsilon), "b[\(i)]")
        }
        for i in x.values.indices {
            var xp = x; xp.values[i] += epsilon
            var xm = x; xm.values[i] -= epsilon
            expectClose(dX!.values[i], (loss(layer, xp) - loss(layer, xm)) / (2 * epsilon), "X[\(i)]")
        }
    }

    @Test func embeddingBagGradients() {
        var g = SplitMix64(seed: 3)
        var table = Matrix(rows: 6, cols: 2); table.randomize(scale: 1, using: &g)
        var bag = EmbeddingBag(table: table)
        let batch = sampleBatch()
        var upstream = Matrix(rows: 3, cols: 2); upstream.randomize(scale: 1, using: &g)
        func loss(_ b: EmbeddingBag) -> Float {
            var x = Matrix(rows: 3, cols: 2)
            b.forward(batch, into: &x)
            return zip(x.values, upstream.values).map(*).reduce(0, +)
        }
        var grad = SparseRowGradient(rows: 6, cols: 2)
        EmbeddingBag.backward(batch, dX: upstream, into: &grad)
        #expect(Set(grad.touched) == [0, 1, 3, 5], "only rows the batch used are touched")
        for i in bag.table.values.indices {
            let saved = bag.table.values[i]
            bag.table.values[i] = saved + epsilon; let plus = loss(bag)
            bag.table.values[i] = saved - epsilon; let minus = loss(bag)
            bag.table.values[i] = saved
            expectClose(grad.dense().values[i], (plus - minus) / (2 * epsilon), "E[\(i)]")
        }
        grad.clear()
        #expect(grad.dense().values.allSatisfy { $0 == 0 } && grad.touched.isEmpty)
    }

    @Test func reluGradient() {
        var x = Matrix(rows: 1, cols: 4, values: [-1, 0.5, 2, -0.3])
        ReLU.forward(&x)
        #expect(x.values == [0, 0.5, 2, 0])
        var dY = Matrix(rows: 1, cols: 4, values: [1, 2, 3, 4])
        ReLU.backward(output: x, gradient: &dY)
        #expect(dY.values == [0, 2, 3, 0])
    }

    @Test func sigmoidCrossEntropyGradient() {
        var z = Matrix(rows: 2, cols: 3, values: [0.3, -1.2, 2.0, 0.0, 0.7, -0.4])
        let y = Matrix(rows: 2, cols: 3, values: [1, 0, 1, 0.5, 1, 0])
        let m = Matrix(rows: 2, cols: 3, values: [1, 1, 0, 1, 1, 1])
        var dZ = Matrix(rows: 2, cols: 3)
        _ = SigmoidCrossEntropy.lossAndGradient(logits: z, targets: y, mask: m, dZ: &dZ)
        #expect(dZ[0, 2] == 0, "masked entries get no gradient")
        var scratch = Matrix(rows: 2, cols: 3)
        for i in z.values.indices {
            let saved = z.values[i]
            z.values[i] = saved + epsilon
            let plus = SigmoidCrossEntropy.lossAndGradient(logits: z, targets: y, mask: m, dZ: &scratch)
            z.values[i] = saved - epsilon
            let minus = SigmoidCrossEntropy.lossAndGradient(logits: z, targets: y, mask: m, dZ: &scratch)
            z.values[i] = saved
            expectClose(dZ.values[i], (plus - minus) / (2 * epsilon), "z[\(i)]")
        }
    }

    @Test func pairwiseLogisticGradient() {
        var z = Matrix(rows: 2, cols: 3, values: [0.3, -1.2, 2.0, 0.0, 0.7, -0.4])
        let comparisons: [PairwiseLogistic.Comparison] = [
            .init(row: 0, a: 0, b: 1, target: 1), .init(row: 0, a: 2, b: 1, target: 0.5), .init(row: 1, a: 1, b: 2, target: 0),
        ]
        var dZ = Matrix(rows: 2, cols: 3), scratch = Matrix(rows: 2, cols: 3)
        _ = PairwiseLogistic.lossAndGradient(scores: z, comparisons: comparisons, dZ: &dZ)
        for i in z.values.indices {
            let saved = z.values[i]
            z.values[i] = saved + epsilon
            let plus = PairwiseLogistic.lossAndGradient(scores: z, comparisons: comparisons, dZ: &scratch)
            z.values[i] = saved - epsilon
            let minus = PairwiseLogistic.lossAndGradient(scores: z, comparisons: comparisons, dZ: &scratch)
            z.values[i] = saved
            expectClose(dZ.values[i], (plus - minus) / (2 * epsilon), "z[\(i)]")
        }
    }

    /// The whole network end to end: embedding → dense → ReLU → dense → masked BCE.
    @Test func networkGradients() {
        var g = SplitMix64(seed: 11)
        let shape = NetworkShape(buckets: 6, embedding: 2, denseSignals: 3, hidden: 4, heads: 2)
        var net = QualityNetwork(shape: shape, using: &g)
        net.bag.table.randomize(scale: 1, using: &g)
        let batch = sampleBatch()
        let objective = OutcomeObjective(labels: [[1, 0], [0, nil], [1, 1]], heads: 2)
        let rows = [0, 1, 2][...]
        func loss(_ n: QualityNetwork) -> Float {
            var a = QualityNetwork.Activations(shape: shape)
            n.forward(batch, into: &a)
            var dZ = Matrix(rows: 3, cols: 2)
            return objective.lossAndGradient(logits: a.z, examples: rows, dZ: &dZ)
        }
        var a = QualityNetwork.Activations(shape: shape)
        net.forward(batch, into: &a)
        var dZ = Matrix(rows: 3, cols: 2)
        _ = objective.lossAndGradient(logits: a.z, examples: rows, dZ: &dZ)
        var grads = QualityNetwork.Gradients(shape: shape)
        net.backward(batch, activations: a, dZ: dZ, into: &grads)

        func check(_ keyPath: WritableKeyPath<QualityNetwork, [Float]>, _ analytic: [Float], _ name: String) {
            for i in analytic.indices {
                var p = net; p[keyPath: keyPath][i] += epsilon
                var m = net; m[keyPath: keyPath][i] -= epsilon
                expectClose(analytic[i], (loss(p) - loss(m)) / (2 * epsilon), "\(name)[\(i)]")
            }
        }
        check(\.hidden.w.values, grads.hiddenW.values, "W1")
        check(\.hidden.b, grads.hiddenB, "b1")
        check(\.output.w.values, grads.outputW.values, "W2")
        check(\.output.b, grads.outputB, "b2")
        check(\.bag.table.values, grads.embedding.dense().values, "E")
    }

    /// Single-prompt inference must agree with the batch forward pass.
    @Test func singlePromptLogitsMatchBatch() {
        var g = SplitMix64(seed: 5)
        let shape = NetworkShape(buckets: 6, embedding: 2, denseSignals: 3, hidden: 4, heads: 2)
        let net = QualityNetwork(shape: shape, using: &g)
        let batch = sampleBatch()
        var a = QualityNetwork.Activations(shape: shape)
        net.forward(batch, into: &a)
        let single = net.logits(PromptFeatures(ids: [1, 5], dense: [0.1, 0.3, -0.7]))
        #expect(abs(single[0] - a.z[1, 0]) < 1e-5 && abs(single[1] - a.z[1, 1]) < 1e-5)
    }
}
