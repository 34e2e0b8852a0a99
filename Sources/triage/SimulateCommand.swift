import ArgumentParser
import Foundation
import TriageCore

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Online learning on real outcomes: the bandit against the best fixed policy in hindsight.",
        discussion: """
        Streams the prompts of outcome data (in a seeded order) through the contextual bandit the \
        gateway runs, revealing only the chosen model's outcome. The bandit starts from the router \
        with --miscalibration added to the strong model's estimate. Prints its reward beside the best \
        fixed threshold on the router in hindsight, always-weak and always-strong, its exploration \
        spend against the cap, and off-policy estimates (IPS, SNIPS, DR) of a second fixed policy \
        beside that policy's true value. Costs are per call, in units of one strong call.
        """
    )

    @OptionGroup var source: DataOptions
    @Option(help: "The .triage router that gives the bandit its prior and context.") var model: String
    @Option(help: "The strong model's name in the data (and router head).") var strong: String
    @Option(help: "The weak model's name in the data (and router head).") var weak: String
    @Option(help: "The weak model's cost per call, in strong calls (RouteLLM's MMLU prices: 0.24 / 24.7).")
    var weakCost: Double = 0.24 / 24.7
    @Option(help: "λ: quality given up per strong call's cost.") var lambda: Double = 0.1
    @Option(help: "Added to the strong model's prior at the start.") var miscalibration: Double = 0.5
    @Option(help: "Share of requests the bandit may explore on.") var explorationShare: Double = 0.1
    @Option(help: "Exploration budget for the run, in strong calls' cost.") var explorationBudget: Double = 200
    @Option(help: "Passes over the prompts.") var passes: Int = 1
    @Option(help: "Seed for the order and the draws.") var seed: UInt64 = 1
    @Option(help: "The strong_win threshold of the fixed policy estimated off-policy (default: the 30th percentile of the scores).")
    var evaluateThreshold: Double?
    @Option(help: "Write the regret curve as CSV here.") var curve: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard lambda >= 0, weakCost >= 0, explorationBudget >= 0 else { throw ValidationError("--lambda, --weak-cost and --exploration-budget must not be negative") }
        guard (0...1).contains(explorationShare) else { throw ValidationError("--exploration-share must be between 0 and 1") }
        guard passes >= 1 else { throw ValidationError("--passes must be at least 1") }
    }

    func run() throws {
        var table = try source.loadOutcomes()
        guard let s = table.modelIndex(strong), let w = table.modelIndex(weak) else {
            throw CommandFailure("the data has no model '\(table.modelIndex(strong) == nil ? strong : weak)'; models: \(table.models.joined(separator: ", "))")
        }
        table.rows.removeAll { $0.scores[s] == nil || $0.scores[w] == nil }
        guard table.rows.count >= 100 else { throw CommandFailure("only \(table.rows.count) rows have both models' outcomes; need at least 100") }
        let router = try ModelFile.load(path: model)
        guard let hs = router.headIndex(strong), let hw = router.headIndex(weak) else {
            throw CommandFailure("\(model) has no head for '\(router.headIndex(strong) == nil ? strong : weak)'; heads: \(router.heads.joined(separator: ", "))")
        }
        let featurizer = PromptFeaturizer(config: router.features)
        var features: [PromptFeatures] = [], predicted: [[Double]] = [], strongWin: [Double] = [], quality: [[Double]] = []
        for row in table.rows {
            let f = featurizer.featurize(row.prompt)
            let logits = router.network.logits(f)
            let scores = router.scores(logits: logits)
            features.append(f)
            predicted.append([Double(scores[hw]), Double(scores[hs])])
            strongWin.append(Double(router.strongWin(logits: logits, strong: hs, weak: hw)))
            quality.append([Double(row.scores[w]!), Double(row.scores[s]!)])
        }
        let input = BanditSimulationInput(features: features, predicted: predicted, strongWin: strongWin, quality: quality, cost: [weakCost, 1])
        var options = BanditSimulation.Options(lambda: lambda, explorationBudget: explorationBudget)
        options.miscalibration = miscalibration
        options.explorationShare = explorationShare
        options.passes = passes
        options.seed = seed
        options.evaluatedThreshold = evaluateThreshold
        let result = BanditSimulation.run(input, options: options)
        if let curve { try writeCurve(result, to: curve) }
        json ? printJSON(result) : printTable(result)
    }

    private func printTable(_ r: BanditSimulation.Result) {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        print("\(r.steps) decisions, λ = \(lambda), weak cost \(String(format: "%.4f", weakCost)) strong calls, miscalibration +\(miscalibration)")
        print("best fixed threshold in hindsight (\(f(r.bestThreshold))): reward \(f(r.bestFixedReward))")
        print("always weak: \(f(r.alwaysWeakReward))   always strong: \(f(r.alwaysStrongReward))")
        print("bandit, last fifth of the run: \(f(r.finalReward)) = \(String(format: "%.1f", 100 * r.finalReward / r.bestFixedReward)) % of the best fixed policy")
        print("bandit's greedy policy at the end, in hindsight: \(f(r.learnedGreedyReward))")
        print("exploration: \(f(r.explorationSpent)) of \(f(r.explorationBudget)) strong calls' cost; last 1,000 decisions explored \(String(format: "%.1f", 100 * r.exploredShare)) %")
        print("off-policy, fixed threshold \(f(r.evaluatedThreshold)): true \(f(r.evaluatedTrueValue))")
        for (name, e) in [("IPS", r.ips), ("SNIPS", r.snips), ("DR", r.doublyRobust)] {
            print("  \(name.padding(toLength: 5, withPad: " ", startingAt: 0)) \(f(e.value)) [\(f(e.lower)), \(f(e.upper))] \(e.covers(r.evaluatedTrueValue) ? "covers" : "MISSES")")
        }
        print("regret curve (step: window reward, cumulative regret, strong share):")
        for p in r.curve where p.step % max(1, r.steps / 10) < max(1, r.steps / 50) || p.step == r.steps {
            print("  \(p.step): \(f(p.windowReward)), \(String(format: "%.1f", p.cumulativeRegret)), \(String(format: "%.2f", p.strongShare))")
        }
    }

    private func printJSON(_ r: BanditSimulation.Result) {
        func estimate(_ e: PolicyEstimate) -> [String: Any] { ["value": e.value, "lower": e.lower, "upper": e.upper, "covers": e.covers(r.evaluatedTrueValue)] }
        let object: [String: Any] = [
            "steps": r.steps, "lambda": lambda, "best_threshold": r.bestThreshold, "best_fixed_reward": r.bestFixedReward,
            "always_weak_reward": r.alwaysWeakReward, "always_strong_reward": r.alwaysStrongReward, "final_reward": r.finalReward,
            "final_share_of_best": r.finalReward / r.bestFixedReward, "learned_greedy_reward": r.learnedGreedyReward,
            "exploration_spent": r.explorationSpent, "exploration_budget": r.explorationBudget,
            "evaluated_threshold": r.evaluatedThreshold, "evaluated_true_value": r.evaluatedTrueValue,
            "ips": estimate(r.ips), "snips": estimate(r.snips), "dr": estimate(r.doublyRobust),
            "curve": r.curve.map { p in
                ["step": p.step, "window_reward": p.windowReward, "cumulative_reward": p.cumulativeReward,
                 "cumulative_regret": p.cumulativeRegret, "strong_share": p.strongShare] as [String: Any]
            },
        ]
        try? Invocation.writeJSON(object)
    }

    private func writeCurve(_ r: BanditSimulation.Result, to path: String) throws {
        var text = "step,window_reward,cumulative_reward,cumulative_regret,strong_share,best_fixed_reward\n"
        for p in r.curve {
            text += "\(p.step),\(p.windowReward),\(p.cumulativeReward),\(p.cumulativeRegret),\(p.strongShare),\(r.bestFixedReward)\n"
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
