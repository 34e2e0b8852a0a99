import ArgumentParser
import TriageCore

/// Verifier hyperparameters for `train-verifier`; the defaults are the shipped verifier's recipe.
struct VerifierRecipeOptions: ParsableArguments {
    private static let defaults = VerifierTrainingOptions()

    @Option(help: "Training epochs.") var epochs = defaults.epochs
    @Option(help: "Adam learning rate.") var learningRate = defaults.learningRate
    @Option(help: "Mini-batch size.") var batchSize = defaults.batchSize
    @Option(help: "L2 weight decay.") var weightDecay = defaults.weightDecay
    @Option(help: "Random seed for the split and the training (same seed, same data → same model).") var seed = defaults.seed
    @Option(help: "Share of training answers shown without their model's name each epoch.") var modelDropout = defaults.modelDropout
    @Option(help: "Embedding width of each bag (prompt, answer).") var embedding = defaults.sizes.embedding
    @Option(help: "Hidden layer width.") var hidden = defaults.sizes.hidden
    @Option(help: "Hash buckets, shared by prompt and answer n-grams.") var buckets = defaults.sizes.buckets
    @Option(help: "Cap on hashed n-grams per prompt and per answer.") var maxIds = defaults.sizes.maxIDs

    var options: VerifierTrainingOptions {
        VerifierTrainingOptions(
            seed: seed, epochs: epochs, learningRate: learningRate, batchSize: batchSize, weightDecay: weightDecay,
            modelDropout: modelDropout,
            sizes: .init(buckets: buckets, maxIDs: maxIds, embedding: embedding, hidden: hidden))
    }

    func validate() throws {
        // Checked here with the option names, so the message says what to change.
        var problems: [String] = []
        if epochs < 1 { problems.append("--epochs must be at least 1, got \(epochs)") }
        if !(learningRate > 0 && learningRate < 10) { problems.append("--learning-rate must be in (0, 10), got \(learningRate)") }
        if batchSize < 1 { problems.append("--batch-size must be at least 1, got \(batchSize)") }
        if weightDecay < 0 { problems.append("--weight-decay must not be negative, got \(weightDecay)") }
        if !(0..<1).contains(modelDropout) { problems.append("--model-dropout must be in [0, 1), got \(modelDropout)") }
        if !(1...512).contains(embedding) { problems.append("--embedding must be 1 to 512, got \(embedding)") }
        if !(1...1024).contains(hidden) { problems.append("--hidden must be 1 to 1024, got \(hidden)") }
        if !(16...(1 << 24)).contains(buckets) { problems.append("--buckets must be 16 to 16777216, got \(buckets)") }
        if maxIds < 1 { problems.append("--max-ids must be positive, got \(maxIds)") }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
