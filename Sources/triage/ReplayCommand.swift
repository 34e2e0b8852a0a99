import ArgumentParser
import Foundation
import TriageCore
import TriageGateway

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Off-policy evaluation of a routing policy on the gateway's request log.",
        discussion: """
        Reads routed requests that have feedback for --metric from the request log and estimates \
        the mean reward (quality − λ·cost) a candidate policy would have earned on them, from the \
        logged propensities: inverse propensity scoring, its self-normalised form and doubly \
        robust, each with a 95 % interval, beside the logged policy's own mean reward. The \
        candidate is a threshold on strong_win (--threshold, two candidates) or cost-aware choice \
        (--lambda), scored by the logged router's estimates or by a new router (--model, with \
        --strong and --weak naming its heads for the second and first candidate).
        """
    )

    @Option(help: "The request log (the gateway's telemetry.path).") var db: String
    @Option(help: "The feedback metric that measures quality.") var metric: String = "thumbs_up"
    @Flag(help: "The metric is better when lower (its value counts negated).") var minimize = false
    @Option(help: "Only this routed model's requests.") var routedModel: String?
    @Option(help: "Evaluate: send to the last candidate when strong_win ≥ this.") var threshold: Double?
    @Option(help: "Evaluate: cost-aware choice with this λ (quality per USD); also prices the reward.") var lambda: Double?
    @Option(help: "Score with this router instead of the logged estimates.") var model: String?
    @Option(help: "With --model: the head standing for the last (strong) candidate.") var strong: String?
    @Option(help: "With --model: the head standing for the first (weak) candidate.") var weak: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard threshold != nil || lambda != nil || model != nil else {
            throw ValidationError("give the policy to evaluate: --threshold T, --lambda L, or --model ROUTER (threshold 0.5 on its strong_win)")
        }
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
        if let lambda, lambda < 0 { throw ValidationError("--lambda must not be negative") }
        if model != nil, strong == nil || weak == nil { throw ValidationError("--model needs --strong and --weak head names") }
        if !FileManager.default.fileExists(atPath: db) { throw ValidationError("\(db): no such file") }
    }

    func run() throws {
        let store: SQLiteTelemetryStore
        do { store = try SQLiteTelemetryStore(path: db) } catch { throw CommandFailure("\(error)") }
        defer { store.close() }
        let rows: [SQLiteTelemetryStore.LoggedOutcome]
        do { rows = try store.loggedOutcomes(metric: metric, routedModel: routedModel) } catch { throw CommandFailure("\(error)") }
        let router = try model.map { try ModelFile.load(path: $0) }
        let heads = try router.map { r -> (Int, Int) in
            guard let s = r.headIndex(strong!), let w = r.headIndex(weak!) else {
                throw CommandFailure("\(model!) has no head '\(r.headIndex(strong!) == nil ? strong! : weak!)'; heads: \(r.heads.joined(separator: ", "))")
            }
            return (w, s)
        }
        let costLambda = lambda ?? 0
        // Per-candidate mean logged cost, the cost-aware policy's expected price of each arm.
        var costSums: [String: (Double, Int)] = [:]
        var parsed: [(decision: LoggedRouting, row: SQLiteTelemetryStore.LoggedOutcome)] = []
        var skipped = 0
        for row in rows {
            guard let d = LoggedRouting(json: row.decision) else { skipped += 1; continue }
            let c = costSums[d.candidates[d.arm], default: (0, 0)]
            costSums[d.candidates[d.arm]] = (c.0 + (row.costUSD ?? 0), c.1 + 1)
            parsed.append((d, row))
        }
        var log: [LoggedDecision] = []
        for (d, row) in parsed {
            let candidates = d.candidates
            var predicted = d.predicted
            var strongWin = d.strongWin
            if let router, let (w, s) = heads, let bytes = row.features, let f = PromptFeatures(compactBytes: bytes) {
                let logits = router.network.logits(f)
                let scores = router.scores(logits: logits)
                predicted = [Double(scores[w]), Double(scores[s])]
                strongWin = Double(router.strongWin(logits: logits, strong: s, weak: w))
            }
            let meanCost = candidates.map { name in costSums[name].map { $0.0 / Double(max($0.1, 1)) } ?? 0 }
            var target = [Double](repeating: 0, count: candidates.count)
            if let threshold = threshold ?? (lambda == nil ? 0.5 : nil) {
                guard candidates.count == 2, let strongWin else { skipped += 1; continue }
                target[strongWin >= threshold ? 1 : 0] = 1
            } else {
                guard predicted.count == candidates.count else { skipped += 1; continue }
                target[CostAwareChoice.best(quality: predicted, cost: meanCost, lambda: costLambda)] = 1
            }
            let quality = minimize ? -row.value : row.value
            let reward = quality - costLambda * (row.costUSD ?? 0)
            let model = predicted.count == candidates.count ? zip(predicted, meanCost).map { $0 - costLambda * $1 } : nil
            log.append(LoggedDecision(arm: d.arm, propensity: d.probability, reward: reward, target: target, predicted: model))
        }
        guard log.count >= 2 else {
            throw CommandFailure("\(db): only \(log.count) routed requests with '\(metric)' feedback can be replayed (\(skipped) skipped); need at least 2")
        }
        let logged = log.map(\.reward).reduce(0, +) / Double(log.count)
        let estimates = [("IPS", OffPolicyEstimator.ips(log)), ("SNIPS", OffPolicyEstimator.selfNormalisedIPS(log)),
                         ("DR", OffPolicyEstimator.doublyRobust(log))]
        let policy = (threshold ?? (lambda == nil ? 0.5 : nil)).map { "strong_win ≥ \($0)" } ?? "cost-aware, λ = \(costLambda)"
        if json {
            var object: [String: Any] = ["requests": log.count, "skipped": skipped, "policy": policy, "logged_mean_reward": logged]
            for (name, e) in estimates { object[name.lowercased()] = ["value": e.value, "lower": e.lower, "upper": e.upper, "standard_error": e.standardError] }
            try Invocation.writeJSON(object)
            return
        }
        print("\(log.count) routed requests with '\(metric)' feedback (\(skipped) skipped); reward = \(minimize ? "−" : "")\(metric) − \(costLambda)·cost")
        print("logged policy's mean reward: \(String(format: "%.4f", logged))")
        print("candidate policy (\(policy)\(model.map { ", router \($0)" } ?? "")):")
        for (name, e) in estimates {
            print("  \(name.padding(toLength: 5, withPad: " ", startingAt: 0)) \(String(format: "%.4f", e.value))  95 % [\(String(format: "%.4f", e.lower)), \(String(format: "%.4f", e.upper))]")
        }
    }
}
