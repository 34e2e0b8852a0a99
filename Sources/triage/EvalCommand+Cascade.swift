import Foundation
import TriageCore

extension EvalCommand {
    /// `eval --cascade`: every model alone against router only, cascade only and router + cascade.
    func runCascade() throws {
        let input = source.sources[0]
        let table = try CascadeData.load(path: input.path, format: input.format, skipBadRows: source.skipBadRows, aliases: source.alias)
        let recipe = recipeOptions.recipe
        let options = try cascadeOptions.options(models: table.models, seed: recipe.training.seed)
        let evaluation: CascadeEvaluation
        let title: String
        if let k = cv {
            let verifier: CascadeVerifierSource
            switch cascadeOptions.verifier {
            case nil:
                verifier = .trained(VerifierTrainingOptions(seed: recipe.training.seed, epochs: cascadeOptions.verifierEpochs))
            case "heuristic":
                verifier = .heuristic
            case let path?:
                StandardError.line("warning: --verifier \(path) is used on every fold; if it was trained on this data the held-out folds are not held out")
                verifier = .fixed(try CascadeData.verifier(path))
            }
            StandardError.line("\(k)-fold cascade cross-validation on \(table.rows.count) prompts × \(table.models.count) models")
            evaluation = try CascadeCrossValidation.run(table: table, recipe: recipe, verifier: verifier, k: k, options: options) {
                StandardError.line($0)
            }
            let how = cascadeOptions.verifier == nil ? "router and verifier trained per fold" : "router trained per fold, verifier \(cascadeOptions.verifier!)"
            title = "\(k)-fold CV split by prompt, \(how); chains, λ and thresholds tuned on training folds only"
        } else {
            let router = try ModelFile.load(path: model!)
            let verifier = try CascadeData.verifier(cascadeOptions.verifier!)
            evaluation = try CascadeCrossValidation.evaluate(table: table, router: router, verifier: verifier, options: options)
            title = "router \(model!), verifier \(cascadeOptions.verifier!), tuned and scored on the same prompts"
        }
        let all = try evaluation.summary()
        let tasks = evaluation.tasks.count > 1 ? try evaluation.tasks.map { try evaluation.summary(task: $0) } : []
        if json {
            try printJSON(all: all, tasks: tasks, evaluation: evaluation)
        } else {
            print(CascadeTable(title: title, summaries: [all] + tasks, evaluation: evaluation).render())
        }
    }

    private func printJSON(all: CascadeSummary, tasks: [CascadeSummary], evaluation: CascadeEvaluation) throws {
        struct Output: Encodable {
            var all: CascadeSummary
            var tasks: [String: CascadeSummary]
            var chains: [String: [[String]]]
        }
        let chains = Dictionary(uniqueKeysWithValues: evaluation.chains.map { policy, folds in
            (policy.rawValue, folds.map { $0.map { evaluation.outcomes.models[$0] } })
        })
        let output = Output(all: all, tasks: Dictionary(uniqueKeysWithValues: tasks.map { ($0.title, $0) }), chains: chains)
        try Invocation.writeJSON(output)
    }
}
