import ArgumentParser
import Foundation
import TriageGateway
import TriageReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML cost-quality report (inline SVG charts) and a Markdown summary beside it.",
        discussion: """
        Inputs are the JSON results of `triage eval --json`, `triage eval --cascade --json`, `triage simulate --json` \
        and `triage replay --json` (recognised by their members), and a gateway's request log (--db) over a time range. \
        The HTML has no scripts, fonts or network references; it prints. Progress goes to stderr.
        """
    )

    @Argument(help: "JSON results of triage eval, eval --cascade, simulate or replay (--json).") var inputs: [String] = []
    @Option(help: "A gateway's request log (the telemetry SQLite file).") var db: String?
    @Option(help: "Start of the request log's range: 2026-12-01, an ISO 8601 time or Unix seconds (default: its first request).") var from: String?
    @Option(help: "End of the range, same forms; a date includes its day (default: its last request).") var to: String?
    @Option(help: "The HTML file to write; the Markdown summary goes beside it with .md.") var out = "report.html"
    @Option(help: "The report's title.") var title = "Triage cost-quality report"

    func validate() throws {
        if inputs.isEmpty && db == nil { throw ValidationError("give at least one JSON result or --db") }
        if db == nil && (from != nil || to != nil) { throw ValidationError("--from and --to select a range of --db") }
        if (out as NSString).pathExtension.lowercased() == "md" { throw ValidationError("--out is the HTML file; the Markdown summary goes beside it") }
    }

    func run() throws {
        var parts: [ReportSections.Part] = []
        for (i, path) in inputs.enumerated() {
            StandardError.line("report: reading \(path) (\(i + 1) of \(inputs.count))")
            do {
                parts.append(ReportSections.part(try ReportInput.read(path)))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        var sections = parts.map(\.section)
        var headlines = parts.map(\.headline)
        if let db {
            guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure("\(db): no such file") }
            let range = try (from.map { try Self.time($0, isEnd: false, option: "--from") }, to.map { try Self.time($0, isEnd: true, option: "--to") })
            StandardError.line("report: summarising \(db)")
            let summary: TelemetrySummary
            do {
                // Read only: the log may belong to a running gateway, and a report changes nothing.
                summary = try TelemetrySummarizer.summarize(path: db, from: range.0, to: range.1) { rows in
                    StandardError.line("report: \(rows) requests read")
                }
            } catch {
                throw CommandFailure("\(db): \(error)")
            }
            sections += summary.reportSections(source: db)
            headlines.append([db, "request log", "\(summary.requests) requests, $\(String(format: "%.4f", summary.spendUSD)), \(summary.errors) errors", "triage serve"])
        }
        let headline = ReportSection(
            heading: "Headline numbers", paragraph: "Each input, what it shows, and the command that produced it.",
            blocks: [.table(ReportTable(title: "Inputs", headers: ["input", "kind", "headline", "command"], rows: headlines))])
        let document = ReportDocument(title: title, subtitle: nil, generatedAt: TelemetrySummary.iso(Date()), sections: [headline] + sections)
        let markdownPath = (out as NSString).deletingPathExtension + ".md"
        do {
            try document.html().write(toFile: out, atomically: true, encoding: .utf8)
            try document.markdown().write(toFile: markdownPath, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(out): \(error.localizedDescription)")
        }
        StandardError.line("report: wrote \(out) and \(markdownPath) (\(sections.count + 1) sections)")
    }

    private static func time(_ text: String, isEnd: Bool, option: String) throws -> Date {
        guard let date = TimeArgument.parse(text, isEnd: isEnd) else {
            throw ValidationError("\(option) must be a date (2026-12-01), an ISO 8601 time or Unix seconds, not '\(text)'")
        }
        return date
    }
}
