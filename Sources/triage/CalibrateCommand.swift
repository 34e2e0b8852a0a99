import ArgumentParser
import Foundation
import TriageCore

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Print the strong_win threshold for a target strong share, or (--cascade) a cascade's thresholds.",
        discussion: """
        Scores every prompt in --prompts (CSV with a `prompt` column, or JSON Lines with a `prompt` \
        field) with the router's --strong/--weak pair and prints the threshold, for a routed model's \
        `threshold` policy. Calibrate on prompts like the traffic the gateway will see: the share \
        holds only as far as the traffic resembles them.

        With --cascade, replays the chain --tiers on outcome data (every model's score, cost and \
        answer, as RouterBench ships) with the --verifier's scores, and prints the thresholds that \
        give the best quality within --target-cost, or the lowest cost reaching --target-quality, \
        ready to paste into the gateway config's `cascade.thresholds`.
        """
    )

    @Option(help: "A .triage router model.") var model: String?
    @Option(help: "Prompts: CSV with a prompt column, JSONL with a prompt field, or a directory of CSVs.") var prompts: String?
    @Option(name: .customLong("target-strong-share"), help: "Share of prompts to send to the strong model, in [0, 1].")
    var targetStrongShare: Double?
    @Option(help: "The strong model's head name.") var strong: String?
    @Option(help: "The weak model's head name.") var weak: String?
    @Flag(help: "Print one JSON object instead of a sentence.") var json = false

    @Flag(help: "Calibrate a cascade's verifier thresholds on outcome data (--data, --tiers, --verifier, a target).")
    var cascade = false
    @Option(help: "With --cascade: outcome data with every model's score, cost and answer (a RouterBench CSV or directory).")
    var data: String?
    @Option(help: "With --cascade: the format of --data (default routerbench).") var format: DataFormat?
    @Option(help: "With --cascade: the chain, cheap → frontier, as comma-separated model names.") var tiers: String?
    @Option(help: "With --cascade: 'heuristic' or a trained verifier's .triage file (default heuristic).") var verifier: String?
    @Option(help: "With --cascade: the best quality within this mean cost per prompt, in USD.") var targetCost: Double?
    @Option(help: "With --cascade: the lowest cost reaching this mean quality, in [0, 1].") var targetQuality: Double?

    func validate() throws {
        if cascade {
            guard data != nil else { throw ValidationError("--cascade needs --data with the outcomes to calibrate on") }
            guard let tiers, tiers.split(separator: ",").count >= 2 else {
                throw ValidationError("--cascade needs --tiers with at least two comma-separated models, cheap → frontier")
            }
            guard (targetCost == nil) != (targetQuality == nil) else {
                throw ValidationError("--cascade needs exactly one of --target-cost USD or --target-quality Q")
            }
            if let targetCost, !(targetCost >= 0 && targetCost.isFinite) {
                throw ValidationError("--target-cost must be a non-negative USD amount per prompt, not \(targetCost)")
            }
            if let targetQuality, !(0...1).contains(targetQuality) {
                throw ValidationError("--target-quality must be between 0 and 1, not \(targetQuality)")
            }
            return
        }
        if let targetStrongShare, !(0...1).contains(targetStrongShare) {
            throw ValidationError("--target-strong-share must be between 0 and 1, not \(targetStrongShare)")
        }
        let missing = [("--model", model), ("--prompts", prompts), ("--target-strong-share", targetStrongShare.map { "\($0)" }),
                       ("--strong", strong), ("--weak", weak)].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw ValidationError("missing \(missing.joined(separator: ", ")) (or use --cascade to calibrate a cascade)")
        }
    }

    func run() throws {
        if cascade { return try runCascade() }
        let (model, prompts, targetStrongShare, strong, weak) = (model!, prompts!, targetStrongShare!, strong!, weak!)
        let router = try ModelFile.load(path: model)
        let pair = try RouterPair(router: router, strong: strong, weak: weak)
        let texts = try PromptFile.load(path: prompts)
        guard !texts.isEmpty else { throw CommandFailure("\(prompts): no prompts to calibrate on") }
        let featurizer = PromptFeaturizer(config: router.features)
        var features = PromptFeatures()
        var scores: [Float] = []
        scores.reserveCapacity(texts.count)
        for text in texts {
            featurizer.featurize(text, into: &features)
            scores.append(router.strongWin(logits: router.network.logits(features), strong: pair.strong, weak: pair.weak))
        }
        let calibration = ThresholdCalibration(scores: scores, targetShare: targetStrongShare)
        if json {
            let object: [String: Any] = [
                "threshold": Double(calibration.threshold), "strong_share": calibration.strongShare,
                "target_strong_share": targetStrongShare, "prompts": texts.count, "strong": strong, "weak": weak,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(
                format: "threshold %.6f sends %.1f%% of %d prompts to %@ (target %.1f%%)",
                Double(calibration.threshold), calibration.strongShare * 100, texts.count, strong, targetStrongShare * 100))
        }
    }
}
