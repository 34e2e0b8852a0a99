import ArgumentParser
import TriageCore

/// `--data` / `--format` pairs shared by the commands that read training or evaluation data.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "A data file or directory; repeat to combine sources (each with its --format).")
    var data: [String] = []

    @Option(name: .long, help: "Format of each --data: \(DataFormat.allCases.map(\.rawValue).joined(separator: "|")).")
    var format: [DataFormat] = []

    @Option(name: .long, help: "Treat a model name as another, NAME=CANONICAL (one model known by two names in two sources).")
    var alias: [String] = []

    @Flag(name: .long, help: "Skip malformed rows, counting and reporting them, instead of stopping at the first.")
    var skipBadRows = false

    func validate() throws {
        guard format.count == data.count || format.count == 1 else {
            throw ValidationError("give one --format for all --data, or one per --data (got \(data.count) --data and \(format.count) --format)")
        }
        for a in alias where a.split(separator: "=").count != 2 {
            throw ValidationError("--alias takes NAME=CANONICAL, got '\(a)'")
        }
    }

    /// Each (path, format) pair in command-line order.
    var sources: [(path: String, format: DataFormat)] {
        data.enumerated().map { (i, path) in (path, format.count == 1 ? format[0] : format[i]) }
    }

    /// All outcome sources merged into one table; skipped rows are reported on stderr.
    func loadOutcomes() throws -> OutcomeTable {
        guard !data.isEmpty else { throw CommandFailure("give at least one --data FILE_OR_DIR") }
        var table = OutcomeTable(models: [])
        for source in sources {
            let (part, report) = try OutcomeImporter.load(path: source.path, format: source.format, options: ImportOptions(skipBadRows: skipBadRows))
            StandardError.report(report, for: source.path)
            table.append(part)
        }
        for a in alias {
            let parts = a.split(separator: "=").map(String.init)
            table.alias(parts[0], as: parts[1])
        }
        guard !table.rows.isEmpty else { throw CommandFailure("no rows were read from \(data.joined(separator: ", "))") }
        return table
    }
}

extension DataFormat: ExpressibleByArgument {}
