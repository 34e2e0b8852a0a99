import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageReport
import TriageSchema
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `triage report`'s sections from each kind of input, and `/dashboard`: golden chart data,
/// well-formed markup, nothing external.
@Suite struct ReportTests {
    /// A small `triage eval --json` result: three curve points, CPTs, baselines.
    static let evaluation = #"""
    {"apgr": 0.62, "cpt50": 0.3, "cpt80": 0.7, "aiq": null, "command": "triage eval --data d --format routellm --cv 5",
     "curve": [{"share": 0, "quality": 0.6, "pgr": 0}, {"share": 0.5, "quality": 0.75, "pgr": 0.75}, {"share": 1, "quality": 0.8, "pgr": 1}],
     "baselines": {
       "random": {"apgr": 0.5, "cpt50": 0.5, "cpt80": 0.8, "curve": [{"share": 0, "quality": 0.6, "pgr": 0}, {"share": 1, "quality": 0.8, "pgr": 1}]},
       "always_weak": {"apgr": null, "cpt50": null, "cpt80": null, "curve": [{"share": 0, "quality": 0.6, "pgr": 0}]},
       "always_strong": {"apgr": null, "cpt50": 1, "cpt80": 1, "curve": [{"share": 1, "quality": 0.8, "pgr": 1}]},
       "perfect": {"apgr": 1.2, "cpt50": 0.1, "cpt80": 0.2, "curve": [{"share": 0, "quality": 0.6, "pgr": 0}, {"share": 0.2, "quality": 0.9, "pgr": 1.5}, {"share": 1, "quality": 0.8, "pgr": 1}]}}}
    """#

    static let simulation = #"""
    {"steps": 200, "lambda": 0.1, "best_threshold": 0.5, "best_fixed_reward": 0.7, "always_weak_reward": 0.6, "always_strong_reward": 0.65,
     "final_reward": 0.69, "final_share_of_best": 0.9857, "learned_greedy_reward": 0.695, "exploration_spent": 10, "exploration_budget": 20,
     "evaluated_threshold": 0.4, "evaluated_true_value": 0.66, "command": "triage simulate --data d",
     "ips": {"value": 0.65, "lower": 0.6, "upper": 0.7, "covers": true}, "snips": {"value": 0.66, "lower": 0.61, "upper": 0.71, "covers": true},
     "dr": {"value": 0.66, "lower": 0.62, "upper": 0.7, "covers": true},
     "curve": [{"step": 100, "window_reward": 0.66, "cumulative_reward": 0.66, "cumulative_regret": 4, "strong_share": 0.4},
               {"step": 200, "window_reward": 0.69, "cumulative_reward": 0.675, "cumulative_regret": 5, "strong_share": 0.35}]}
    """#

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-input-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func parses(_ markup: String) -> Bool { XMLParser(data: Data(markup.utf8)).parse() }

    static func external(_ markup: String) -> [String] {
        let text = markup.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").lowercased()
        return ["http://", "https://", "<script", "<link", "@import", "url("].filter(text.contains)
    }

    @Test func anEvaluationBecomesTheCurveWithItsBaselinesAndCPTs() throws {
        let path = try Self.file(Self.evaluation)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let part = ReportSections.part(try ReportInput.read(path))
        guard case .lineChart(let chart)? = part.section.blocks.first else {
            Issue.record("the first block is the curve")
            return
        }
        #expect(chart.series.map(\.name) == ["router", "random", "perfect router", "always weak", "always strong"])
        #expect(chart.series[0].points.map { $0.x } == [0, 0.5, 1] && chart.series[0].points.map { $0.y } == [0.6, 0.75, 0.8])
        #expect(chart.markers == [.vertical(x: 0.3, label: "CPT(50%) = 30.0 %"), .vertical(x: 0.7, label: "CPT(80%) = 70.0 %")])
        #expect(chart.title.contains("APGR 0.620"))
        #expect(part.headline == [path, "triage eval", "APGR 0.620, CPT(50%) 30.0 %, CPT(80%) 70.0 %", "triage eval --data d --format routellm --cv 5"])
        let svg = chart.svg()
        #expect(Self.parses(svg) && Self.external(svg).isEmpty)
        for label in ["router", "perfect router", "CPT(50%) = 30.0 %"] { #expect(svg.contains(label), "\(label)") }
    }

    @Test func aSimulationBecomesItsRewardCurveAndEstimates() throws {
        let path = try Self.file(Self.simulation)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let part = ReportSections.part(try ReportInput.read(path))
        guard case .lineChart(let reward)? = part.section.blocks.first else {
            Issue.record("the first block is the reward curve")
            return
        }
        #expect(reward.series.first?.points.map { $0.x } == [100, 200] && reward.series.first?.points.map { $0.y } == [0.66, 0.69])
        #expect(reward.markers.contains(.horizontal(y: 0.7, label: "best fixed policy")))
        #expect(part.headline[2] == "98.6 % of the best fixed policy")
    }

    @Test func anUnknownFileIsRefusedByName() throws {
        let path = try Self.file(#"{"hello": 1}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ReportInput.Problem.self) { try ReportInput.read(path) }
        let broken = try Self.file(#"{"curve": [], "baselines": {}}"#)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        do {
            _ = try ReportInput.read(broken)
            Issue.record("a broken evaluation is refused")
        } catch {
            #expect(error.description.hasPrefix(broken + ": "), "\(error)")
        }
    }

    /// The whole document: every input's section, well-formed, self-contained.
    @Test func theDocumentIsWellFormedAndSelfContained() throws {
        let paths = try [Self.file(Self.evaluation), Self.file(Self.simulation)]
        defer { for p in paths { try? FileManager.default.removeItem(atPath: p) } }
        let parts = try paths.map { ReportSections.part(try ReportInput.read($0)) }
        let document = ReportDocument(title: "t", generatedAt: "now", sections: parts.map(\.section))
        let html = document.html()
        #expect(Self.parses(html))
        #expect(Self.external(html).isEmpty, "\(Self.external(html))")
        #expect(document.markdown().contains("| APGR | 0.620 |"))
    }

    @Test func theDashboardNeedsTheMasterKeyAndShowsTheLog() async throws {
        let path = TemporaryDatabase.path("dash")
        defer { TemporaryDatabase.remove(path) }
        var config = GatewayTests.config()
        config.server.masterKey = SecretReference(parsing: GovernanceTests.master)
        config.telemetry.path = path
        let store = try SQLiteTelemetryStore(path: path, settings: TelemetryStoreSettings(capacity: 100, batchSize: 10, flushInterval: .milliseconds(5)))
        defer { store.close() }
        let state = try await GatewayState(config: config, environment: [:], telemetry: store)
        try await GatewayApplication.build(state: state, port: 0, telemetry: store).test(.router) { client in
            for model in ["cheap", "triage/auto", "frontier"] {
                #expect(try await GovernanceTests.chat(client, key: GovernanceTests.master, model: model).status == 200)
            }
            store.flush()
            let key = try await GovernanceTests.key(client)
            #expect(try await GovernanceTests.call(client, method: .get, "/dashboard", key: nil).status == 401)
            #expect(try await GovernanceTests.call(client, method: .get, "/dashboard", key: key).status == 403)
            #expect(try await GovernanceTests.call(client, method: .get, "/dashboard?hours=0", key: GovernanceTests.master).status == 400)
            let page = try await GovernanceTests.call(client, method: .get, "/dashboard", key: GovernanceTests.master)
            #expect(page.status == 200 && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!] == "default-src 'none'; style-src 'unsafe-inline'")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(Self.parses(html) && Self.external(html).isEmpty)
            for text in ["Requests by model", "triage/auto", "Latency per deployment", "sim-frontier"] { #expect(html.contains(text), "\(text)") }
        }
    }

    /// The telemetry sections plot the summary's own numbers.
    @Test func telemetrySectionsPlotTheSummary() {
        var summary = TelemetrySummary(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 7_200), bucketSeconds: 3_600, bucketCount: 2)
        summary.requests = 3
        summary.requestsByModel = ["cheap": [2, 1]]
        summary.retryRate = [0.5, 0]
        summary.fallbackRate = [0, 0]
        let sections = summary.reportSections(source: "log.db")
        let charts = sections.flatMap(\.blocks).compactMap { block -> LineChart? in if case .lineChart(let c) = block { c } else { nil } }
        let requests = charts.first { $0.title == "Requests by model" }
        #expect(requests?.series.map(\.name) == ["cheap"])
        #expect(requests?.series.first?.points.map { $0.x } == [0, 1] && requests?.series.first?.points.map { $0.y } == [2, 1])
        #expect(charts.first { $0.title == "Retries and fallbacks" }?.series.first?.points.map { $0.y } == [0.5, 0])
        #expect(!sections.contains { $0.heading == "Learning" }, "no learning section without learning data")
    }
}
