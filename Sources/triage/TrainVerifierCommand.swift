import ArgumentParser
import Foundation
import TriageCore

struct TrainVerifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-verifier",
        abstract: "Train an answer verifier: P(answer is correct | prompt, answer, model).",
        discussion: """
        Needs data with each model's answer (routerbench, or an outcome CSV with a response \
        column). Holds out --holdout of the prompts (every answer to a held-out prompt stays out), \
        trains on the rest and prints the held-out ROC AUC overall, per source and per model, beside \
        the heuristic verifier's on the same answers. The model written to --out is then retrained \
        on all the data with the same recipe, unless --no-refit keeps the one measured.
        """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var recipe: VerifierRecipeOptions
    @Option(help: "Share of prompts held out for the AUC figures (0 skips them).") var holdout = 0.2
    @Option(help: "Where to write the verifier (a .triage file).") var out: String
    @Flag(help: "Write the model trained without the held-out prompts instead of retraining on all data.") var noRefit = false
    @Flag(help: "Print the figures as JSON.") var json = false

    func validate() throws {
        guard out.hasSuffix(".triage") else { throw ValidationError("--out must name a .triage file, got \(out)") }
        guard (0..<1).contains(holdout) else { throw ValidationError("--holdout must be in [0, 1), got \(holdout)") }
    }

    func run() throws {
        let table = try loadAnswers()
        let options = recipe.options
        let split = PromptGroups.holdOut(prompts: table.rows.map(\.prompt), share: holdout, seed: options.seed)
        let train = VerifierExample.examples(from: table, rows: split.train)
        guard !train.isEmpty else { throw CommandFailure("no answers left to train on after holding out \(holdout) of the prompts") }
        StandardError.line("training a verifier on \(train.count) answers to \(split.train.count) prompts (\(split.validation.count) prompts held out)")
        let started = Date()
        var verifier = VerifierTraining.train(train, options: options, progress: ProgressPrinter(label: "train-verifier").callAsFunction)
        let evaluation = split.validation.isEmpty ? nil : VerifierEvaluation.evaluate(verifier, table: table, rows: split.validation)
        let refit = !noRefit && !split.validation.isEmpty
        if refit {
            let all = VerifierExample.examples(from: table)
            StandardError.line("retraining on all \(all.count) answers")
            verifier = VerifierTraining.train(all, options: options, progress: ProgressPrinter(label: "refit").callAsFunction)
        }
        verifier.metadata.command = (["triage"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        verifier.metadata.sources = source.sources.map { "\($0.path) (\($0.format.rawValue))" }
        if let evaluation { verifier.metadata.metrics.merge(Self.metrics(evaluation)) { $1 } }
        try verifier.write(to: out)
        let bytes = verifier.encode().count
        StandardError.line(String(format: "wrote %@ (%.2f MB, %@) in %.1f s", out, Double(bytes) / 1_048_576,
                                  refit ? "trained on all data" : "trained on the training split", Date().timeIntervalSince(started)))
        let summary = Summary(holdout: evaluation, trainAnswers: train.count, refit: refit, out: out, bytes: bytes)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            FileHandle.standardOutput.write(try encoder.encode(summary) + Data("\n".utf8))
        } else if let evaluation {
            print(Self.render(evaluation))
        }
    }

    /// Every source merged; a source without answers is an error naming it.
    private func loadAnswers() throws -> OutcomeTable {
        var table = OutcomeTable(models: [])
        for s in source.sources {
            let (part, report) = try OutcomeImporter.load(path: s.path, format: s.format, options: ImportOptions(skipBadRows: source.skipBadRows))
            StandardError.report(report, for: s.path)
            guard !VerifierExample.examples(from: part).isEmpty else {
                throw CommandFailure("\(s.path): no answers with outcomes to learn from; a verifier needs each model's response "
                    + "(routerbench's `MODEL|model_response` columns, or a `response` column in an outcome CSV)")
            }
            table.append(part)
        }
        for a in source.alias {
            let parts = a.split(separator: "=").map(String.init)
            table.alias(parts[0], as: parts[1])
        }
        return table
    }

    private struct Summary: Encodable {
        var holdout: VerifierEvaluation?
        var trainAnswers: Int
        var refit: Bool
        var out: String
        var bytes: Int
    }

    private static func metrics(_ e: VerifierEvaluation) -> [String: Double] {
        var m: [String: Double] = [:]
        m["heldout_auc"] = e.overall.auc
        m["heldout_heuristic_auc"] = e.overall.heuristicAUC
        m["heldout_mean_model_auc"] = e.meanModelAUC
        for s in e.sources { m["heldout_auc.\(s.name)"] = s.auc }
        return m
    }

    private static func render(_ e: VerifierEvaluation) -> String {
        func auc(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "  n/a" }
        func line(_ s: VerifierEvaluation.Slice, indent: String = "") -> String {
            let name = (indent + s.name).padding(toLength: 40, withPad: " ", startingAt: 0)
            return "\(name)\(String(format: "%8d", s.examples))   \(String(format: "%5.1f%%", s.correctShare * 100))   \(auc(s.auc))     \(auc(s.heuristicAUC))"
        }
        var lines = ["held-out answers                         answers   correct   verifier  heuristic (ROC AUC)", line(e.overall)]
        lines += e.sources.map { line($0, indent: "  ") }
        lines.append("per answering model")
        lines += e.models.map { line($0, indent: "  ") }
        lines.append("mean per-model AUC                                            \(auc(e.meanModelAUC))     \(auc(e.meanModelHeuristicAUC))")
        return lines.joined(separator: "\n")
    }
}
