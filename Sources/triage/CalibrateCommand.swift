import ArgumentParser
import Foundation
import TriageCore

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Print the strong_win threshold that sends a target share of prompts to the strong model.",
        discussion: """
        Scores every prompt in --prompts (CSV with a `prompt` column, or JSON Lines with a `prompt` \
        field) with the router's --strong/--weak pair and prints the threshold, for a routed model's \
        `threshold` policy. Calibrate on prompts like the traffic the gateway will see: the share \
        holds only as far as the traffic resembles them.
        """
    )

    @Option(help: "A .triage router model.") var model: String
    @Option(help: "Prompts: CSV with a prompt column, JSONL with a prompt field, or a directory of CSVs.") var prompts: String
    @Option(name: .customLong("target-strong-share"), help: "Share of prompts to send to the strong model, in [0, 1].")
    var targetStrongShare: Double
    @Option(help: "The strong model's head name.") var strong: String
    @Option(help: "The weak model's head name.") var weak: String
    @Flag(help: "Print one JSON object instead of a sentence.") var json = false

    func validate() throws {
        guard (0...1).contains(targetStrongShare) else {
            throw ValidationError("--target-strong-share must be between 0 and 1, not \(targetStrongShare)")
        }
    }

    func run() throws {
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
