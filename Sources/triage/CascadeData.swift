import Foundation
import TriageCore

/// What `calibrate --cascade` and `eval --cascade` share: the outcome rows a cascade can be
/// replayed on, the chain named on the command line, and the verifier.
enum CascadeData {
    /// The rows of `path` that have every model's score and cost; the rest are reported and dropped.
    /// `aliases` are `NAME=CANONICAL` pairs, applied before the check.
    static func load(path: String, format: DataFormat, skipBadRows: Bool = false, aliases: [String] = []) throws -> OutcomeTable {
        let (loaded, report) = try OutcomeImporter.load(path: path, format: format, options: ImportOptions(skipBadRows: skipBadRows))
        StandardError.report(report, for: path)
        var table = loaded
        for a in aliases {
            let parts = a.split(separator: "=").map(String.init)
            if parts.count == 2 { table.alias(parts[0], as: parts[1]) }
        }
        let before = table.rows.count
        table.rows.removeAll { row in
            guard let costs = row.costs else { return true }
            return table.models.indices.contains { row.scores[$0] == nil || costs[$0] == nil }
        }
        if table.rows.count < before {
            StandardError.line("dropped \(before - table.rows.count) of \(before) rows without every model's score and cost")
        }
        guard !table.rows.isEmpty else {
            throw CommandFailure("\(path): no row has every model's score and cost; a cascade replay needs both (RouterBench data has them)")
        }
        return table
    }

    /// Model indices of a comma-separated `--tiers` list; an unknown name is named in the error.
    static func tiers(_ list: String, models: [String]) throws -> [Int] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            return try CascadePlan.resolve(names, models: models)
        } catch {
            throw CommandFailure("--tiers: \(error)")
        }
    }

    /// `heuristic`, or a trained verifier's model file.
    static func verifier(_ spec: String) throws -> any AnswerVerifier {
        if spec == "heuristic" { return HeuristicVerifier() }
        return try VerifierModel.load(path: spec)
    }

    static func usd(_ value: Double) -> String { String(format: "$%.6f", value) }
}
