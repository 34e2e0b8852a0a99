import ArgumentParser
import Foundation
import TriageCore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a router model's heads, shape, features and how it was trained."
    )

    @Argument(help: "A .triage model file.") var model: String

    func run() throws {
        let started = ContinuousClock.now
        let router = try ModelFile.load(path: model)
        let elapsed = ContinuousClock.now - started
        let s = router.network.shape
        print("""
        kind: \(router.kind.rawValue)
        heads: \(router.heads.joined(separator: ", "))
        network: buckets \(s.buckets) × embedding \(s.embedding), dense signals \(s.denseSignals), hidden \(s.hidden), \(s.parameterCount) parameters
        features: version \(router.features.version), word n-grams 1–\(router.features.wordNGrams), character n-grams \(router.features.minCharNGram)–\(router.features.maxCharNGram), max \(router.features.maxIDs) ids
        trained by: \(router.metadata.command)
        sources: \(router.metadata.sources.joined(separator: "; "))
        examples: \(router.metadata.examples), epochs \(router.metadata.options.epochs), learning rate \(router.metadata.options.learningRate), seed \(router.metadata.options.seed)
        metrics: \(router.metadata.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        loaded in: \(elapsed)
        """)
    }
}
