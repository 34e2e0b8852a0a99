/// k-fold cross-validation split by prompt: each fold's router is trained on the other folds.
public enum CrossValidation {
    /// One trained fold: its router and the rows it never saw.
    public struct Fold: Sendable {
        public var model: RouterModel
        public var heldOut: [Int]
    }

    /// Trains `k` routers of `kind`; pairwise folds learn from pairs derived from their
    /// training rows' outcomes.
    public static func run(
        table: OutcomeTable, recipe: RouterRecipe, kind: RouterModel.Kind, k: Int,
        progress: (_ fold: Int, TrainingProgress) -> Void = { _, _ in }
    ) -> [Fold] {
        let folds = PromptGroups.folds(prompts: table.rows.map(\.prompt), k: k, seed: recipe.training.seed)
        return folds.enumerated().map { (f, heldOut) in
            let held = Set(heldOut)
            var train = OutcomeTable(models: table.models)
            train.rows = table.rows.indices.filter { !held.contains($0) }.map { table.rows[$0] }
            let model: RouterModel = switch kind {
            case .quality:
                RouterTraining.trainQuality(table: train, recipe: recipe) { progress(f, $0) }.model
            case .pairwise:
                RouterTraining.trainPairwise(pairs: PairDerivation.pairs(from: train), recipe: recipe) { progress(f, $0) }.model
            }
            return Fold(model: model, heldOut: heldOut)
        }
    }
}
