import Foundation

/// Trains routers from outcome or preference data: featurize, split, fit, package.
public enum RouterTraining {
    /// Features of many prompts; both cores share the work, and the result does not depend on
    /// how it was divided.
    public static func featurize(_ prompts: [String], config: FeatureConfig) -> [PromptFeatures] {
        let featurizer = PromptFeaturizer(config: config)
        return ParallelMap.map(prompts.count) { featurizer.featurize(prompts[$0]) }
    }

    /// A quality router with one head per model in the table, trained on each model's score.
    public static func trainQuality(
        table: OutcomeTable, recipe: RouterRecipe, metadata: TrainingMetadata = TrainingMetadata(),
        features precomputed: [PromptFeatures]? = nil, progress: (TrainingProgress) -> Void = { _ in }
    ) -> (model: RouterModel, epochs: [EpochSummary]) {
        let prompts = table.rows.map(\.prompt)
        let features = precomputed ?? featurize(prompts, config: recipe.features)
        let objective = OutcomeObjective(labels: table.rows.map(\.scores), heads: table.models.count)
        let (network, epochs, meta) = fit(features: features, prompts: prompts, objective: objective, heads: table.models.count,
                                          recipe: recipe, metadata: metadata, progress: progress)
        return (RouterModel(kind: .quality, features: recipe.features, heads: table.models, network: network, metadata: meta), epochs)
    }

    /// A Bradley–Terry router with one strength head per model named in the pairs.
    public static func trainPairwise(
        pairs: [PreferencePair], recipe: RouterRecipe, metadata: TrainingMetadata = TrainingMetadata(),
        progress: (TrainingProgress) -> Void = { _ in }
    ) -> (model: RouterModel, epochs: [EpochSummary]) {
        var models: [String] = []
        var headOf: [String: Int] = [:]
        var promptIndex: [String: Int] = [:]
        var prompts: [String] = []
        var judgements: [[PairwiseObjective.Judgement]] = []
        for pair in pairs {
            for name in [pair.modelA, pair.modelB] where headOf[name] == nil {
                headOf[name] = models.count
                models.append(name)
            }
            let p: Int
            if let known = promptIndex[pair.prompt] { p = known } else {
                p = prompts.count
                promptIndex[pair.prompt] = p
                prompts.append(pair.prompt)
                judgements.append([])
            }
            let target: Float = switch pair.winner {
            case .modelA: 1
            case .modelB: 0
            case .tie, .tieBothBad: 0.5
            }
            judgements[p].append(.init(a: headOf[pair.modelA]!, b: headOf[pair.modelB]!, target: target))
        }
        let features = featurize(prompts, config: recipe.features)
        let (network, epochs, meta) = fit(features: features, prompts: prompts, objective: PairwiseObjective(judgements: judgements),
                                          heads: max(models.count, 1), recipe: recipe, metadata: metadata, progress: progress)
        return (RouterModel(kind: .pairwise, features: recipe.features, heads: models, network: network, metadata: meta), epochs)
    }

    /// The part both kinds share: split by prompt, initialise, train, and record what was kept.
    private static func fit<O: TrainingObjective>(
        features: [PromptFeatures], prompts: [String], objective: O, heads: Int, recipe: RouterRecipe,
        metadata: TrainingMetadata, progress: (TrainingProgress) -> Void
    ) -> (QualityNetwork, [EpochSummary], TrainingMetadata) {
        let split = PromptGroups.holdOut(prompts: prompts, share: recipe.validationShare, seed: recipe.training.seed)
        var generator = SplitMix64(seed: recipe.training.seed)
        var network = QualityNetwork(shape: recipe.shape(heads: heads), using: &generator)
        let epochs = Trainer(options: recipe.training).train(
            &network, examples: features, objective: objective, train: split.train, validation: split.validation, progress: progress)
        var meta = metadata
        meta.examples = split.train.count
        meta.options = recipe.training
        // The epoch the trainer kept: the best validation AUC, the later one on ties.
        let bestAUC = epochs.compactMap(\.validationAUC).max()
        if let kept = epochs.last(where: { $0.validationAUC != nil && $0.validationAUC == bestAUC }) {
            meta.metrics["validation_auc"] = kept.validationAUC!
            meta.metrics["kept_epoch"] = Double(kept.epoch)
        }
        return (network, epochs, meta)
    }
}
