/// Splits that keep every copy of a prompt text on one side, so a repeated question never
/// sits in both training and evaluation data.
public enum PromptGroups {
    /// `k` folds of example indices, grouped by identical prompt text, in seeded random order.
    public static func folds(prompts: [String], k: Int, seed: UInt64) -> [[Int]] {
        precondition(k >= 2, "cross-validation needs at least 2 folds")
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (i, p) in prompts.enumerated() {
            if groups[p] == nil { order.append(p) }
            groups[p, default: []].append(i)
        }
        var generator = SplitMix64(seed: seed)
        order.shuffle(using: &generator)
        var folds = [[Int]](repeating: [], count: k)
        for (g, prompt) in order.enumerated() {
            folds[g % k].append(contentsOf: groups[prompt]!)
        }
        return folds.map { $0.sorted() }
    }

    /// A (train, validation) split holding out about `share` of the prompt groups.
    public static func holdOut(prompts: [String], share: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        // With a single distinct prompt there is nothing to hold out without emptying training.
        guard share > 0, Set(prompts).count > 1 else { return (Array(prompts.indices), []) }
        let k = max(2, Int((1 / share).rounded()))
        let folds = folds(prompts: prompts, k: k, seed: seed)
        let validation = folds[0]
        let train = folds.dropFirst().flatMap { $0 }.sorted()
        return (train, validation)
    }
}
