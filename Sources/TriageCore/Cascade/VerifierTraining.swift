import Foundation

/// Trains verifiers: featurize, then mini-batch Adam on the dense layers and row-wise Adagrad
/// on the embedding table (the router's optimizer split, see `AdamOptimizer`), minimising
/// binary cross-entropy of σ(z) against "the answer was correct".
public enum VerifierTraining {
    /// Trains a verifier; deterministic for a seed.
    public static func train(
        _ examples: [VerifierExample], options: VerifierTrainingOptions = VerifierTrainingOptions(),
        progress: (TrainingProgress) -> Void = { _ in }
    ) -> VerifierModel {
        precondition(options.problems.isEmpty, "invalid verifier options: \(options.problems.joined(separator: "; "))")
        let models = Array(Set(examples.map(\.model))).sorted()
        let featurizer = VerifierFeaturizer(config: options.features, models: models)
        let features = featurize(examples, with: featurizer)
        let labels: [Float] = examples.map { $0.correct ? 1 : 0 }
        var generator = SplitMix64(seed: options.seed)
        let shape = VerifierNetwork.Shape(
            buckets: options.sizes.buckets, embedding: options.sizes.embedding, dense: featurizer.denseWidth, hidden: options.sizes.hidden)
        var network = VerifierNetwork(shape: shape, using: &generator)
        var optimizer = Optimizer(shape: shape, options: options)
        var batch = VerifierNetwork.Batch(denseWidth: shape.dense)
        var activations = VerifierNetwork.Activations(shape: shape)
        var gradients = VerifierNetwork.Gradients(shape: shape)
        var y = Matrix(rows: 0, cols: 1), mask = Matrix(rows: 0, cols: 1), dZ = Matrix(rows: 0, cols: 1)
        var order = Array(examples.indices)
        let batches = (order.count + options.batchSize - 1) / options.batchSize
        let clock = ContinuousClock()

        for epoch in 1...options.epochs {
            let started = clock.now
            order.shuffle(using: &generator)
            var lossSum: Float = 0
            for (b, start) in stride(from: 0, to: order.count, by: options.batchSize).enumerated() {
                let rows = order[start..<min(start + options.batchSize, order.count)]
                batch.removeAll()
                y.resize(rows: rows.count)
                mask.resize(rows: rows.count)
                dZ.resize(rows: rows.count)
                for (r, i) in rows.enumerated() {
                    let drop = Double(generator.next() >> 11) / Double(1 << 53) < options.modelDropout
                    batch.append(features[i], dropping: drop ? featurizer.modelBlock : 0..<0)
                    y[r, 0] = labels[i]
                    mask[r, 0] = 1
                }
                network.forward(batch, into: &activations)
                lossSum += SigmoidCrossEntropy.lossAndGradient(logits: activations.z, targets: y, mask: mask, dZ: &dZ) * Float(rows.count)
                gradients.clear()
                network.backward(batch, activations: activations, dZ: dZ, into: &gradients)
                optimizer.update(&network, with: &gradients, batch: batch)
                if b % 16 == 15 || b == batches - 1 { progress(.batch(epoch: epoch, done: b + 1, total: batches)) }
            }
            network.flushSubnormals()
            let seconds = Trainer.seconds(clock.now - started)
            progress(.epoch(EpochSummary(
                epoch: epoch, epochs: options.epochs, trainLoss: order.isEmpty ? 0 : lossSum / Float(order.count),
                validationAUC: nil, examplesPerSecond: seconds > 0 ? Double(order.count) / seconds : 0)))
        }
        var metadata = TrainingMetadata(examples: examples.count, options: options.training)
        metadata.metrics["positive_share"] = examples.isEmpty ? 0 : Double(labels.reduce(0, +)) / Double(examples.count)
        return VerifierModel(features: options.features, models: models, network: network, options: options, metadata: metadata)
    }

    /// Features of many examples; both cores share the work, and the result does not depend on
    /// how it was divided.
    public static func featurize(_ examples: [VerifierExample], with featurizer: VerifierFeaturizer) -> [VerifierFeatures] {
        ParallelMap.map(examples.count) { i in
            featurizer.featurize(prompt: examples[i].prompt, answer: examples[i].answer, model: examples[i].model)
        }
    }

    /// Adam on the dense layers, Adagrad per row on the table and per weight on the wide part:
    ///
    ///     dense:  m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  θ ← θ − α_t·m/(√v + ε)
    ///     table:  G_r ← G_r + mean(g_r²),  E_r ← E_r − 10α·g_r/(√G_r + ε)
    ///     wide:   G_j ← G_j + g_j²,  u_j ← u_j − 10α·g_j/(√G_j + ε)
    struct Optimizer {
        let rate: Float, decay: Float
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        var step = 0
        var tableG: [Float]
        var wideG: [Float]
        var hiddenWM: [Float], hiddenWV: [Float], hiddenBM: [Float], hiddenBV: [Float]
        var outputWM: [Float], outputWV: [Float], outputBM: [Float], outputBV: [Float]

        init(shape: VerifierNetwork.Shape, options: VerifierTrainingOptions) {
            rate = options.learningRate
            decay = options.weightDecay
            func zeros(_ n: Int) -> [Float] { [Float](repeating: 0, count: n) }
            tableG = zeros(shape.buckets)
            wideG = zeros(shape.buckets)
            hiddenWM = zeros(shape.hidden * shape.inputWidth); hiddenWV = hiddenWM
            hiddenBM = zeros(shape.hidden); hiddenBV = hiddenBM
            outputWM = zeros(shape.hidden); outputWV = outputWM
            outputBM = zeros(1); outputBV = outputBM
        }

        mutating func update(_ net: inout VerifierNetwork, with g: inout VerifierNetwork.Gradients, batch: VerifierNetwork.Batch) {
            step += 1
            let t = Float(step)
            let alpha = rate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
            AdamOptimizer.apply(alpha, &net.hidden.w.values, g.hiddenW.values, &hiddenWM, &hiddenWV, decay: decay, b1: beta1, b2: beta2, eps: epsilon)
            AdamOptimizer.apply(alpha, &net.hidden.b, g.hiddenB, &hiddenBM, &hiddenBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
            AdamOptimizer.apply(alpha, &net.output.w.values, g.outputW.values, &outputWM, &outputWV, decay: decay, b1: beta1, b2: beta2, eps: epsilon)
            AdamOptimizer.apply(alpha, &net.output.b, g.outputB, &outputBM, &outputBV, decay: 0, b1: beta1, b2: beta2, eps: epsilon)
            // Consumed as applied, so a cross repeated in the batch takes one step.
            for j in batch.crossIDs.map(Int.init) where g.wide[j] != 0 {
                let gj = g.wide[j] + decay * net.wide[j]
                wideG[j] += gj * gj
                net.wide[j] -= 10 * rate * gj / (wideG[j].squareRoot() + epsilon)
                g.wide[j] = 0
            }
            guard let dX = g.dX else { return }
            let (d, tableRate, decay, eps) = (net.shape.embedding, rate * 10, decay, epsilon)
            net.table.values.withUnsafeMutableBufferPointer { table in
                tableG.withUnsafeMutableBufferPointer { accumulator in
                    var sink = RowAdagradStep(table: table.baseAddress!, accumulator: accumulator.baseAddress!, width: d, rate: tableRate, decay: decay, epsilon: eps)
                    VerifierNetwork.backwardEmbedding(batch, dX: dX, embedding: d, into: &sink)
                }
            }
        }
    }
}
