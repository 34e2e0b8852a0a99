import ArgumentParser
import Foundation
import TriageCore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score prompts with a router; writes JSON Lines to stdout.",
        discussion: """
        Input: a CSV with a `prompt` column, or JSON Lines with a `prompt` field. Output, one line per \
        prompt in input order: {"index": i, "scores": {"<model>": p, ...}, "strong_win": p}; \
        strong_win appears when --strong and --weak are given.
        """
    )

    @Option(help: "A .triage router model.") var model: String
    @Option(help: "Prompts: CSV with a prompt column, or JSONL with a prompt field.") var data: String
    @Option(help: "The strong model's head name (with --weak).") var strong: String?
    @Option(help: "The weak model's head name (with --strong).") var weak: String?

    func validate() throws {
        if (strong == nil) != (weak == nil) { throw ValidationError("give --strong and --weak together") }
    }

    func run() throws {
        let router = try ModelFile.load(path: model)
        let pair = try strong.map { try RouterPair(router: router, strong: $0, weak: weak!) }
        let prompts = try PromptFile.load(path: data)
        let featurizer = PromptFeaturizer(config: router.features)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        var features = PromptFeatures()
        for (i, prompt) in prompts.enumerated() {
            featurizer.featurize(prompt, into: &features)
            let logits = router.network.logits(features)
            let line = ScoreLine(
                index: i,
                scores: Dictionary(uniqueKeysWithValues: zip(router.heads, router.scores(logits: logits).map(Self.rounded))),
                strongWin: pair.map { Self.rounded(router.strongWin(logits: logits, strong: $0.strong, weak: $0.weak)) }
            )
            out.append(try encoder.encode(line))
            out.append(UInt8(ascii: "\n"))
            if out.count > 1 << 16 { FileHandle.standardOutput.write(out); out.removeAll(keepingCapacity: true) }
        }
        FileHandle.standardOutput.write(out)
    }

    static func rounded(_ p: Float) -> Double { (Double(p) * 1e6).rounded() / 1e6 }

    struct ScoreLine: Encodable {
        var index: Int
        var scores: [String: Double]
        var strongWin: Double?

        enum CodingKeys: String, CodingKey { case index, scores, strongWin = "strong_win" }
    }
}

/// A strong and a weak head of one router, resolved by name once.
struct RouterPair {
    let strong: Int
    let weak: Int

    init(router: RouterModel, strong: String, weak: String) throws {
        guard let s = router.headIndex(strong) else {
            throw CommandFailure("the model has no head '\(strong)'; heads: \(router.heads.joined(separator: ", "))")
        }
        guard let w = router.headIndex(weak) else {
            throw CommandFailure("the model has no head '\(weak)'; heads: \(router.heads.joined(separator: ", "))")
        }
        guard s != w else { throw CommandFailure("--strong and --weak must differ") }
        self.strong = s
        self.weak = w
    }
}
