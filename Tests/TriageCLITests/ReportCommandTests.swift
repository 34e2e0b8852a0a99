import Foundation
import Testing

/// `triage report` as a user runs it: inputs recognised or refused by name, two files written.
@Suite struct ReportCommandTests {
    static let evaluation = #"""
    {"apgr": 0.62, "cpt50": 0.3, "cpt80": 0.7, "aiq": null, "command": "triage eval --cv 5",
     "curve": [{"share": 0, "quality": 0.6, "pgr": 0}, {"share": 1, "quality": 0.8, "pgr": 1}],
     "baselines": {"random": {"apgr": 0.5, "cpt50": 0.5, "cpt80": 0.8, "curve": [{"share": 0, "quality": 0.6, "pgr": 0}]},
                   "always_weak": {"apgr": null, "cpt50": null, "cpt80": null, "curve": [{"share": 0, "quality": 0.6, "pgr": 0}]},
                   "always_strong": {"apgr": null, "cpt50": 1, "cpt80": 1, "curve": [{"share": 1, "quality": 0.8, "pgr": 1}]},
                   "perfect": {"apgr": 1.2, "cpt50": 0.1, "cpt80": 0.2, "curve": [{"share": 1, "quality": 0.8, "pgr": 1}]}}}
    """#

    @Test func writesTheHTMLAndTheMarkdownBesideIt() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            try Data(Self.evaluation.utf8).write(to: URL(fileURLWithPath: "\(dir)/eval.json"))
            let run = try await CLITests.triage(["report", "\(dir)/eval.json", "--out", "\(dir)/r.html"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("report: reading \(dir)/eval.json (1 of 1)"), "progress on stderr")
            let html = try String(contentsOfFile: "\(dir)/r.html", encoding: .utf8)
            let markdown = try String(contentsOfFile: "\(dir)/r.md", encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("<script"))
            #expect(markdown.contains("triage eval --cv 5") && markdown.contains("| APGR | 0.620 |"))
        }
    }

    @Test func refusesWhatItCannotRead() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            try Data(#"{"what": 1}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/odd.json"))
            let odd = try await CLITests.triage(["report", "\(dir)/odd.json", "--out", "\(dir)/r.html"])
            #expect(odd.status != 0 && odd.stderr.contains("\(dir)/odd.json: not a result of triage eval"), "\(odd.stderr)")
            let none = try await CLITests.triage(["report"])
            #expect(none.status != 0 && none.stderr.contains("give at least one JSON result or --db"), "\(none.stderr)")
            let missing = try await CLITests.triage(["report", "--db", "\(dir)/nope.db"])
            #expect(missing.status != 0 && missing.stderr.contains("nope.db: no such file"), "\(missing.stderr)")
            let range = try await CLITests.triage(["report", "--db", "\(dir)/nope.db", "--from", "yesterday"])
            #expect(range.status != 0, "\(range.stderr)")
            let markdown = try await CLITests.triage(["report", "\(dir)/odd.json", "--out", "\(dir)/r.md"])
            #expect(markdown.status != 0 && markdown.stderr.contains("--out is the HTML file"), "\(markdown.stderr)")
            try Data("not a database".utf8).write(to: URL(fileURLWithPath: "\(dir)/junk.db"))
            let junk = try await CLITests.triage(["report", "--db", "\(dir)/junk.db", "--out", "\(dir)/r.html"])
            #expect(junk.status != 0 && junk.stderr.contains("junk.db"), "\(junk.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/junk.db")) == Data("not a database".utf8), "a report writes nothing")
        }
    }
}
