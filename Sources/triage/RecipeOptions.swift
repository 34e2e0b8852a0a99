import ArgumentParser
import TriageCore

/// Model and training hyperparameters, shared by `train` and `eval --cv`.
struct RecipeOptions: ParsableArguments {
    @Option(help: "Training epochs.") var epochs = 6
    @Option(help: "Adam learning rate.") var learningRate: Float = 0.005
    @Option(help: "Mini-batch size.") var batchSize = 64
    @Option(help: "L2 weight decay.") var weightDecay: Float = 0
    @Option(help: "Random seed (same seed, same data → same model).") var seed: UInt64 = 1
    @Option(help: "Embedding width of the n-gram bag.") var embedding = 32
    @Option(help: "Hidden layer width.") var hidden = 32
    @Option(help: "Hash buckets for word and character n-grams.") var buckets = 1 << 18
    @Option(help: "Cap on hashed n-grams per prompt.") var maxIds = 4096
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
        let problems = recipe.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
