import Foundation
import Testing
@testable import TriageCore

/// Training on seeded synthetic data whose rule is known: prompts with "eigenvalue" are hard
/// (strong right, weak wrong), prompts with "zorblax" defeat both, the rest both answer.
@Suite struct TrainerTests {
    enum Difficulty: CaseIterable { case easy, hard, impossible }

    static let filler = [
        "the", "a", "city", "river", "please", "tell", "me", "about", "history", "of", "small", "green",
        "music", "recipe", "garden", "weather", "list", "some", "facts", "simple", "old", "bridge",
        "write", "short", "note", "friend", "morning", "train", "book", "summer", "quiet", "village",
    ]

    /// `n` prompts of 5–9 filler words, the class keyword inserted at a random position.
    static func prompts(_ n: Int, seed: UInt64) -> [(prompt: String, difficulty: Difficulty)] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            var words = (0..<Int.random(in: 5...9, using: &g)).map { _ in filler.randomElement(using: &g)! }
            let difficulty: Difficulty = switch Int.random(in: 0..<5, using: &g) {
            case 0, 1: .easy
            case 2, 3: .hard
            default: .impossible
            }
            switch difficulty {
            case .easy: break
            case .hard: words.insert("eigenvalue", at: Int.random(in: 0...words.count, using: &g))
            case .impossible: words.insert("zorblax", at: Int.random(in: 0...words.count, using: &g))
            }
            return (words.joined(separator: " "), difficulty)
        }
    }

    /// Models `weak` and `strong`, scored by the rule above.
    static func table(_ n: Int, seed: UInt64) -> OutcomeTable {
        OutcomeTable(models: ["weak", "strong"], rows: prompts(n, seed: seed).map { p, d in
            let scores: [Float?] = switch d {
            case .easy: [1, 1]
            case .hard: [0, 1]
            case .impossible: [0, 0]
            }
            return OutcomeRow(prompt: p, scores: scores)
        })
    }

    static func recipe(seed: UInt64 = 3, epochs: Int = 8) -> RouterRecipe {
        RouterRecipe(
            features: FeatureConfig(buckets: 1 << 12, maxIDs: 512),
            embedding: 16, hidden: 16,
            training: TrainingOptions(epochs: epochs, learningRate: 0.01, batchSize: 32, seed: seed),
            validationShare: 0.2
        )
    }

    /// Strong-win probabilities of the router on fresh prompts, with whether each is hard.
    static func heldOut(_ model: RouterModel, strong: Int, weak: Int) -> (scores: [Float], hard: [Bool], difficulty: [Difficulty]) {
        let fresh = prompts(300, seed: 999)
        let featurizer = PromptFeaturizer(config: model.features)
        let scores = fresh.map { model.strongWin(featurizer.featurize($0.prompt), strong: strong, weak: weak) }
        return (scores, fresh.map { $0.difficulty == .hard }, fresh.map(\.difficulty))
    }

    static func mean(_ xs: [Float]) -> Float { xs.reduce(0, +) / Float(max(xs.count, 1)) }

    // MARK: learning the rule

    @Test func qualityRouterLearnsASeparableRule() throws {
        let (model, epochs) = RouterTraining.trainQuality(table: Self.table(600, seed: 1), recipe: Self.recipe())
        #expect(model.kind == .quality)
        #expect(model.heads == ["weak", "strong"])
        #expect(epochs.count == 8)
        #expect(epochs.last!.trainLoss < epochs.first!.trainLoss)
        let validation = try #require(epochs.last?.validationAUC)
        #expect(validation > 0.9)
        #expect(model.metadata.metrics["validation_auc"] == validation)

        let (scores, hard, difficulty) = Self.heldOut(model, strong: 1, weak: 0)
        let auc = try #require(ROCAUC.compute(scores: scores, labels: hard))
        #expect(auc > 0.9, "held-out AUC of strong-win on hard prompts: \(auc)")
        let byClass = Dictionary(grouping: zip(scores, difficulty), by: \.1).mapValues { Self.mean($0.map(\.0)) }
        let hardMean = try #require(byClass[.hard]), easyMean = try #require(byClass[.easy]), impossibleMean = try #require(byClass[.impossible])
        #expect(hardMean > max(easyMean, impossibleMean) + 0.3, "mean strong-win: \(byClass)")

        // Each head on its own: P(strong good) is low only on impossible prompts, P(weak good)
        // is high only on easy ones.
        let featurizer = PromptFeaturizer(config: model.features)
        let fresh = Self.prompts(300, seed: 999)
        let p = fresh.map { model.scores(featurizer.featurize($0.prompt)) }
        let rightOn: [(head: Int, classes: Set<Difficulty>)] = [(0, [.easy]), (1, [.easy, .hard])]
        for (head, classes) in rightOn {
            let right = fresh.indices.filter { classes.contains(fresh[$0].difficulty) }
            let wrong = fresh.indices.filter { !classes.contains(fresh[$0].difficulty) }
            let high = Self.mean(right.map { p[$0][head] }), low = Self.mean(wrong.map { p[$0][head] })
            #expect(high > 0.8 && low < 0.2, "head \(model.heads[head]): mean P(good) \(high) where right, \(low) where wrong")
        }
    }

    @Test func pairwiseRouterLearnsWhichModelWinsFromDerivedPairs() throws {
        let table = Self.table(600, seed: 1)
        let pairs = PairDerivation.pairs(from: table)
        #expect(pairs.count == table.rows.count)
        let (model, epochs) = RouterTraining.trainPairwise(pairs: pairs, recipe: Self.recipe())
        #expect(model.kind == .pairwise)
        #expect(model.heads == ["weak", "strong"])
        // Only hard prompts carry a decided comparison (strong wins); the AUC is over those.
        #expect(epochs.last?.validationAUC == nil)

        let (scores, hard, difficulty) = Self.heldOut(model, strong: 1, weak: 0)
        let auc = try #require(ROCAUC.compute(scores: scores, labels: hard))
        #expect(auc > 0.9, "held-out AUC of σ(s_strong − s_weak) on hard prompts: \(auc)")
        let byClass = Dictionary(grouping: zip(scores, difficulty), by: \.1).mapValues { Self.mean($0.map(\.0)) }
        let hardMean = try #require(byClass[.hard]), easyMean = try #require(byClass[.easy])
        // Hard prompts: strong beats weak. Easy ones are ties, so about even.
        #expect(hardMean > 0.75 && abs(easyMean - 0.5) < 0.2, "mean P(strong beats weak): \(byClass)")
    }

    @Test func pairwiseRouterLearnsBothDirectionsOfAComparison() throws {
        // The same rule, but the strong model is model_a on some pairs and model_b on others.
        var g = SplitMix64(seed: 8)
        let pairs = Self.prompts(500, seed: 4).map { p, d -> PreferencePair in
            let strongFirst = Bool.random(using: &g)
            let strongWins = d == .hard
            let winner: PreferencePair.Winner = strongWins ? (strongFirst ? .modelA : .modelB) : (strongFirst ? .modelB : .modelA)
            return strongFirst
                ? PreferencePair(prompt: p, modelA: "strong", modelB: "weak", winner: winner)
                : PreferencePair(prompt: p, modelA: "weak", modelB: "strong", winner: winner)
        }
        let (model, epochs) = RouterTraining.trainPairwise(pairs: pairs, recipe: Self.recipe())
        let validation = try #require(epochs.last?.validationAUC)
        #expect(validation > 0.9)
        let strong = try #require(model.headIndex("strong")), weak = try #require(model.headIndex("weak"))
        let (scores, hard, _) = Self.heldOut(model, strong: strong, weak: weak)
        let auc = try #require(ROCAUC.compute(scores: scores, labels: hard))
        #expect(auc > 0.9, "held-out AUC: \(auc)")
    }

    // MARK: reproducibility

    @Test func sameSeedGivesIdenticalModelBytes() {
        let table = Self.table(200, seed: 2)
        let a = RouterTraining.trainQuality(table: table, recipe: Self.recipe(seed: 5, epochs: 2)).model
        let b = RouterTraining.trainQuality(table: table, recipe: Self.recipe(seed: 5, epochs: 2)).model
        #expect(ModelFile.encode(a) == ModelFile.encode(b))

        let c = RouterTraining.trainQuality(table: table, recipe: Self.recipe(seed: 6, epochs: 2)).model
        #expect(ModelFile.encode(a) != ModelFile.encode(c))
        // Not only the stored seed: the weights themselves differ.
        #expect(a.network.hidden.w != c.network.hidden.w)
        #expect(a.network.bag.table != c.network.bag.table)
    }

    @Test func sameSeedGivesIdenticalPairwiseModelBytes() {
        let pairs = PairDerivation.pairs(from: Self.table(200, seed: 2))
        let a = RouterTraining.trainPairwise(pairs: pairs, recipe: Self.recipe(seed: 5, epochs: 2)).model
        let b = RouterTraining.trainPairwise(pairs: pairs, recipe: Self.recipe(seed: 5, epochs: 2)).model
        #expect(ModelFile.encode(a) == ModelFile.encode(b))
        let c = RouterTraining.trainPairwise(pairs: pairs, recipe: Self.recipe(seed: 7, epochs: 2)).model
        #expect(a.network.output.w != c.network.output.w)
    }

    @Test func featurizingInParallelMatchesOneByOne() {
        // Training reproducibility rests on this: the concurrent featurizer's output is the
        // same as featurizing each prompt in turn.
        let prompts = Self.prompts(700, seed: 12).map(\.prompt)
        let config = Self.recipe().features
        let featurizer = PromptFeaturizer(config: config)
        #expect(RouterTraining.featurize(prompts, config: config) == prompts.map { featurizer.featurize($0) })
    }

    // MARK: splits

    static let repeatedPrompts: [String] = {
        // 40 prompts, with copies: "p0" ×4, "p1" ×3, every fifth prompt twice.
        var out = ["p0", "p1", "p0", "p1", "p0", "p1", "p0"]
        for i in 2..<20 { out.append("p\(i)"); if i % 5 == 0 { out.append("p\(i)") } }
        var g = SplitMix64(seed: 1)
        out.shuffle(using: &g)
        return out
    }()

    @Test(arguments: [2, 3, 5])
    func promptGroupsCoverEveryIndexOnceAndKeepCopiesTogether(k: Int) {
        let prompts = Self.repeatedPrompts
        let folds = PromptGroups.folds(prompts: prompts, k: k, seed: 9)
        #expect(folds.count == k)
        #expect(folds.flatMap { $0 }.sorted() == Array(prompts.indices))
        #expect(folds.allSatisfy { !$0.isEmpty })
        #expect(folds.allSatisfy { $0 == $0.sorted() })
        var foldOf: [String: Int] = [:]
        for (f, fold) in folds.enumerated() {
            for i in fold {
                let first = foldOf[prompts[i], default: f]
                #expect(first == f, "copies of \(prompts[i]) in folds \(first) and \(f)")
                foldOf[prompts[i]] = f
            }
        }
        // Groups are dealt round-robin: fold sizes in groups differ by at most one.
        let groupsPerFold = folds.map { Set($0.map { prompts[$0] }).count }
        #expect(groupsPerFold.max()! - groupsPerFold.min()! <= 1)
    }

    @Test func promptGroupsAreSeeded() {
        let prompts = Self.repeatedPrompts
        #expect(PromptGroups.folds(prompts: prompts, k: 4, seed: 9) == PromptGroups.folds(prompts: prompts, k: 4, seed: 9))
        #expect(PromptGroups.folds(prompts: prompts, k: 4, seed: 9) != PromptGroups.folds(prompts: prompts, k: 4, seed: 10))
    }

    @Test func holdOutPartitionsByPrompt() {
        let prompts = Self.repeatedPrompts
        let split = PromptGroups.holdOut(prompts: prompts, share: 0.25, seed: 3)
        #expect((split.train + split.validation).sorted() == Array(prompts.indices))
        #expect(Set(split.train).isDisjoint(with: split.validation))
        #expect(Set(split.train.map { prompts[$0] }).isDisjoint(with: split.validation.map { prompts[$0] }))
        // 20 groups, share ¼: k = 4 folds, one held out, so 5 groups.
        #expect(Set(split.validation.map { prompts[$0] }).count == 5)

        let none = PromptGroups.holdOut(prompts: prompts, share: 0, seed: 3)
        #expect(none.train == Array(prompts.indices) && none.validation.isEmpty)
        let single = PromptGroups.holdOut(prompts: ["only"], share: 0.5, seed: 3)
        #expect(single.train == [0] && single.validation.isEmpty)
    }

    @Test
    func holdOutNeverEmptiesTheTrainingSide() {
        let split = PromptGroups.holdOut(prompts: ["same", "same", "same"], share: 0.1, seed: 1)
        #expect(!split.train.isEmpty)
    }

    @Test(arguments: [RouterModel.Kind.quality, .pairwise])
    func crossValidationHeldOutRowsPartitionTheTable(kind: RouterModel.Kind) {
        var table = Self.table(60, seed: 21)
        // Copies of a prompt, as RouteLLM's MMLU has across subjects: they must share a fold.
        table.rows += table.rows.prefix(6)
        let recipe = RouterRecipe(
            features: FeatureConfig(buckets: 256, maxIDs: 128), embedding: 4, hidden: 4,
            training: TrainingOptions(epochs: 1, batchSize: 16, seed: 4), validationShare: 0)
        var reported = Set<Int>()
        let folds = CrossValidation.run(table: table, recipe: recipe, kind: kind, k: 3) { fold, _ in reported.insert(fold) }
        #expect(folds.count == 3)
        #expect(reported == [0, 1, 2])
        #expect(folds.flatMap(\.heldOut).sorted() == Array(table.rows.indices))
        for fold in folds {
            #expect(fold.model.kind == kind)
            #expect(Set(fold.model.heads) == ["weak", "strong"])
            let held = Set(fold.heldOut.map { table.rows[$0].prompt })
            let others = table.rows.indices.filter { !fold.heldOut.contains($0) }.map { table.rows[$0].prompt }
            #expect(held.isDisjoint(with: others), "a prompt is both held out and trained on")
            // The fold's model saw only the other rows.
            // (a quality router counts rows; a pairwise one, distinct prompts with a pair).
            #expect(fold.model.metadata.examples == (kind == .quality ? others.count : Set(others).count))
        }
    }

    // MARK: the objective's mask

    @Test func outcomeObjectiveMasksMissingLabels() {
        // Head 1 has no label anywhere; head 0 has two.
        let objective = OutcomeObjective(labels: [[1, nil], [0, nil]], heads: 2)
        #expect(objective.mask.values == [1, 0, 1, 0])
        let z = Matrix(rows: 2, cols: 2, values: [0, 1, 2, -1])
        var dZ = Matrix(rows: 2, cols: 2, repeating: 99)
        let loss = objective.lossAndGradient(logits: z, examples: [0, 1][...], dZ: &dZ)
        // Mean BCE over the two labelled entries: (log 2 + 2 + log(1 + e^−2)) / 2.
        let expected: Double = (Foundation.log(2.0) + 2 + log1p(exp(-2.0))) / 2
        #expect(abs(Double(loss) - expected) < 1e-5)
        #expect(dZ[0, 1] == 0 && dZ[1, 1] == 0)
        #expect(abs(dZ[0, 0] - (-0.25)) < 1e-6)
        #expect(abs(dZ[1, 0] - SigmoidCrossEntropy.sigmoid(2) / 2) < 1e-6)

        // The unlabelled head's logits do not enter the loss.
        let moved = Matrix(rows: 2, cols: 2, values: [0, -7, 2, 30])
        #expect(objective.lossAndGradient(logits: moved, examples: [0, 1][...], dZ: &dZ) == loss)
        // Batch rows follow `examples`, not the table order.
        let swapped = Matrix(rows: 2, cols: 2, values: [2, 0, 0, 0])
        #expect(objective.lossAndGradient(logits: swapped, examples: [1, 0][...], dZ: &dZ) == loss)
    }

    @Test func outcomeObjectiveValidationSkipsUnlabelledHeads() {
        let objective = OutcomeObjective(labels: [[1, nil], [0, nil], [1, nil], [nil, nil]], heads: 2)
        // Head 0 ranks both positives above the negative: AUC 1; head 1 has no labels.
        let z = Matrix(rows: 4, cols: 2, values: [3, -9, -1, 9, 2, 0, -50, 0])
        #expect(objective.validationAUC(logits: z, examples: [0, 1, 2, 3]) == 1)
        #expect(OutcomeObjective(labels: [[nil, nil]], heads: 2).validationAUC(logits: Matrix(rows: 1, cols: 2), examples: [0]) == nil)
    }

    @Test func headWithoutLabelsDoesNotMove() {
        let table = Self.table(120, seed: 5)
        let recipe = Self.recipe(seed: 2, epochs: 2)
        let features = RouterTraining.featurize(table.rows.map(\.prompt), config: recipe.features)
        // Head 0 learns "weak is good"; head 1 ("orphan") has no label at all.
        let objective = OutcomeObjective(labels: table.rows.map { [$0.scores[0], nil] }, heads: 2)
        var g = SplitMix64(seed: 2)
        let initial = QualityNetwork(shape: recipe.shape(heads: 2), using: &g)
        var network = initial
        Trainer(options: recipe.training).train(&network, examples: features, objective: objective, train: Array(features.indices))
        let h = recipe.hidden
        #expect(Array(network.output.w.values[h..<2 * h]) == Array(initial.output.w.values[h..<2 * h]))
        #expect(network.output.b[1] == initial.output.b[1])
        // The labelled head and the shared layers did train.
        #expect(Array(network.output.w.values[0..<h]) != Array(initial.output.w.values[0..<h]))
        #expect(network.hidden.w != initial.hidden.w)
    }

    @Test func trainerReportsEveryEpochAndBatch() {
        let table = Self.table(100, seed: 6)
        var batches: [(Int, Int, Int)] = [], epochs: [Int] = []
        let recipe = Self.recipe(epochs: 3)
        _ = RouterTraining.trainQuality(table: table, recipe: recipe) { p in
            switch p {
            case let .batch(epoch, done, total): batches.append((epoch, done, total))
            case let .epoch(s): epochs.append(s.epoch)
            }
        }
        #expect(epochs == [1, 2, 3])
        // The last batch of each epoch is always reported, with done == total.
        for e in 1...3 {
            let last = batches.last { $0.0 == e }
            #expect(last != nil && last!.1 == last!.2, "epoch \(e): \(String(describing: last))")
        }
    }
}
