import ArgumentParser
import TriageCore

/// Model and training hyperparameters, shared by `train` and `eval --cv`; the defaults are
/// the shipped router's recipe (an 8 MB model).
struct RecipeOptions: ParsableArguments {
    @Option(help: "Training epochs (the best by validation AUC is kept).") var epochs = 3
    @Option(help: "Adam learning rate.") var learningRate: Float = 0.005
    @Option(help: "Mini-batch size.") var batchSize = 256
    @Option(help: "L2 weight decay.") var weightDecay: Float = 0
    @Option(help: "Random seed (same seed, same data → same model).") var seed: UInt64 = 1
    @Option(help: "Embedding width of the n-gram bag.") var embedding = 16
    @Option(help: "Hidden layer width.") var hidden = 64
    @Option(help: "Hash buckets for word and character n-grams.") var buckets = 1 << 17
    @Option(help: "Cap on hashed n-grams per prompt.") var maxIds = 1024
    @Option(help: "Share of prompts held out for the validation AUC.") var validationSplit = 0.1

    var recipe: RouterRecipe {
        RouterRecipe(
            features: FeatureConfig(buckets: buckets, maxIDs: maxIds),
            embedding: embedding, hidden: hidden,
            training: TrainingOptions(epochs: epochs, learningRate: learningRate, batchSize: batchSize, weightDecay: weightDecay, seed: seed),
            validationShare: validationSplit
        )
    }

    func validate() throws {
        // Checked here with the option names, so the message says what to change.
        var problems: [String] = []
        if epochs < 1 { problems.append("--epochs must be at least 1, got \(epochs)") }
        if !(learningRate > 0 && learningRate < 10) { problems.append("--learning-rate must be in (0, 10), got \(learningRate)") }
        if batchSize < 1 { problems.append("--batch-size must be at least 1, got \(batchSize)") }
        if weightDecay < 0 { problems.append("--weight-decay must not be negative, got \(weightDecay)") }
        if !(1...512).contains(embedding) { problems.append("--embedding must be 1 to 512, got \(embedding)") }
        if !(1...1024).contains(hidden) { problems.append("--hidden must be 1 to 1024, got \(hidden)") }
        if !(16...(1 << 24)).contains(buckets) { problems.append("--buckets must be 16 to 16777216, got \(buckets)") }
        if maxIds < 1 { problems.append("--max-ids must be positive, got \(maxIds)") }
        if !(0..<1).contains(validationSplit) { problems.append("--validation-split must be in [0, 1), got \(validationSplit)") }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
