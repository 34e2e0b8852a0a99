/// Mini-batch training of a `QualityNetwork` with Adam; seeded, single-threaded, so the same
/// inputs and seed give the same weights.
public struct Trainer: Sendable {
    public var options: TrainingOptions

    public init(options: TrainingOptions) {
        self.options = options
    }

    /// Trains `network` on `examples[train]`; reports the validation AUC on `validation` each
    /// epoch and, with a validation set, returns the weights of the epoch where it peaked:
    /// on MMLU a fourth epoch loses several APGR points to overfitting, and the right count
    /// differs per dataset.
    @discardableResult
    public func train<O: TrainingObjective>(
        _ network: inout QualityNetwork,
        examples: [PromptFeatures],
        objective: O,
        train: [Int],
        validation: [Int] = [],
        progress: (TrainingProgress) -> Void = { _ in }
    ) -> [EpochSummary] {
        precondition(options.problems.isEmpty, "invalid training options: \(options.problems.joined(separator: "; "))")
        var generator = SplitMix64(seed: options.seed)
        var optimizer = AdamOptimizer(shape: network.shape, learningRate: options.learningRate, weightDecay: options.weightDecay)
        var activations = QualityNetwork.Activations(shape: network.shape, batchSize: options.batchSize)
        var gradients = QualityNetwork.Gradients(shape: network.shape)
        var dZ = Matrix(rows: options.batchSize, cols: network.shape.heads)
        var batch = FeatureBatch(denseWidth: network.shape.denseSignals)
        var order = train
        var summaries: [EpochSummary] = []
        var best: (auc: Double, network: QualityNetwork)?
        let batches = (train.count + options.batchSize - 1) / options.batchSize
        let clock = ContinuousClock()

        for epoch in 1...options.epochs {
            let started = clock.now
            order.shuffle(using: &generator)
            var lossSum: Float = 0
            for (b, start) in stride(from: 0, to: order.count, by: options.batchSize).enumerated() {
                let rows = order[start..<min(start + options.batchSize, order.count)]
                batch.removeAll()
                for i in rows { batch.append(examples[i]) }
                network.forward(batch, into: &activations)
                dZ.resize(rows: rows.count)
                lossSum += objective.lossAndGradient(logits: activations.z, examples: rows, dZ: &dZ) * Float(rows.count)
                gradients.clear()
                network.backwardDense(batch, activations: activations, dZ: dZ, into: &gradients)
                optimizer.update(&network, with: gradients, batch: batch)
                if b % 16 == 15 || b == batches - 1 { progress(.batch(epoch: epoch, done: b + 1, total: batches)) }
            }
            let seconds = Self.seconds(clock.now - started)
            let summary = EpochSummary(
                epoch: epoch, epochs: options.epochs,
                trainLoss: train.isEmpty ? 0 : lossSum / Float(train.count),
                validationAUC: validation.isEmpty ? nil : objective.validationAUC(logits: Self.logits(of: network, examples, validation), examples: validation),
                examplesPerSecond: seconds > 0 ? Double(train.count) / seconds : 0
            )
            summaries.append(summary)
            progress(.epoch(summary))
            // Ties go to the later epoch: once the AUC saturates, more training still sharpens the probabilities.
            if let auc = summary.validationAUC, auc >= best?.auc ?? -.infinity { best = (auc, network) }
        }
        if let best { network = best.network }
        return summaries
    }

    /// Logits of many examples, one row each, in batches.
    public static func logits(of network: QualityNetwork, _ examples: [PromptFeatures], _ indices: [Int], batchSize: Int = 256) -> Matrix {
        var out = Matrix(rows: indices.count, cols: network.shape.heads)
        var activations = QualityNetwork.Activations(shape: network.shape)
        var batch = FeatureBatch(denseWidth: network.shape.denseSignals)
        for start in stride(from: 0, to: indices.count, by: batchSize) {
            let rows = indices[start..<min(start + batchSize, indices.count)]
            batch.removeAll()
            for i in rows { batch.append(examples[i]) }
            network.forward(batch, into: &activations)
            for r in 0..<rows.count {
                for k in 0..<network.shape.heads { out[start + r, k] = activations.z[r, k] }
            }
        }
        return out
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
