import Foundation
import TriageCore
import TriageReport
import TriageSchema

/// The report's sections for each kind of input, and the headline row each contributes.
public enum ReportSections {
    public struct Part: Sendable {
        public var section: ReportSection
        /// Input, what it is, its headline numbers, the command that made it.
        public var headline: [String]
    }

    public static func part(_ input: ReportInput) -> Part {
        switch input {
        case let .evaluation(report, command, path): evaluation(report, command: command, path: path)
        case let .cascade(output, command, path): cascade(output.all, command: command, path: path)
        case let .simulation(object, command, path): simulation(object, command: command, path: path)
        case let .replay(object, command, path): replay(object, command: command, path: path)
        }
    }

    static func number(_ x: Double?, _ places: Int = 4) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(places)f", x)
    }

    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.1f %%", 100 * x)
    }

    // MARK: triage eval

    static func evaluation(_ r: EvaluationReport, command: String?, path: String) -> Part {
        func points(_ curve: [CurvePoint]) -> [(x: Double, y: Double)] { curve.map { ($0.share, $0.quality) } }
        var markers: [ChartMarker] = []
        if let c = r.router.cpt50 { markers.append(.vertical(x: c, label: "CPT(50%) = \(percent(c))")) }
        if let c = r.router.cpt80 { markers.append(.vertical(x: c, label: "CPT(80%) = \(percent(c))")) }
        let curve = LineChart(
            title: "Cost-quality curve (APGR \(number(r.router.apgr, 3)))", x: ChartAxis("strong-model calls", format: .percent, range: 0...1),
            y: ChartAxis("quality"),
            series: [
                ChartSeries(name: "router", points: points(r.router.curve), style: .linePoints),
                ChartSeries(name: "random", points: points(r.baselines.random.curve), style: .dashed),
                ChartSeries(name: "perfect router", points: points(r.baselines.perfect.curve), style: .dashed),
                ChartSeries(name: "always weak", points: points(r.baselines.alwaysWeak.curve), style: .points),
                ChartSeries(name: "always strong", points: points(r.baselines.alwaysStrong.curve), style: .points),
            ],
            markers: markers)
        var blocks: [ReportBlock] = [.lineChart(curve)]
        var rows = [["APGR", number(r.router.apgr, 3)], ["CPT(50%)", percent(r.router.cpt50)], ["CPT(80%)", percent(r.router.cpt80)],
                    ["random APGR", number(r.baselines.random.apgr, 3)], ["perfect APGR", number(r.baselines.perfect.apgr, 3)]]
        if let cq = r.costQuality {
            blocks.append(.lineChart(frontier(cq)))
            rows.append(["AIQ", number(cq.aiq)])
        }
        blocks.append(.table(ReportTable(title: "Metrics", headers: ["metric", "value"], rows: rows, footnote: command.map { "Made by: \($0)" })))
        let headline = "APGR \(number(r.router.apgr, 3)), CPT(50%) \(percent(r.router.cpt50)), CPT(80%) \(percent(r.router.cpt80))"
            + (r.aiq.map { ", AIQ \(number($0))" } ?? "")
        return Part(
            section: ReportSection(heading: "Router evaluation: \(path)", paragraph: "Quality as the share of prompts sent to the strong model grows, beside random routing and a perfect router; CPT(x) is the share of strong calls needed for x of the strong model's gain.", blocks: blocks),
            headline: [path, "triage eval", headline, command ?? "–"])
    }

    /// The router's λ sweep, its frontier (AIQ is the area under it), each model alone and the oracle.
    static func frontier(_ cq: CostQualityReport) -> LineChart {
        var markers: [ChartMarker] = cq.models.sorted { $0.key < $1.key }.map { .point(x: $0.value.cost, y: $0.value.quality, label: $0.key) }
        markers.append(.point(x: cq.oracle.cost, y: cq.oracle.quality, label: "oracle"))
        return LineChart(
            title: "Cost-quality frontier over every model (AIQ \(number(cq.aiq)))", x: ChartAxis("cost per prompt", format: .dollars),
            y: ChartAxis("quality"),
            series: [
                ChartSeries(name: "router, λ sweep", points: cq.sweep.map { ($0.cost, $0.quality) }, style: .points),
                ChartSeries(name: "frontier", points: cq.frontier.map { ($0.cost, $0.quality) }, style: .line),
            ],
            markers: markers)
    }

    // MARK: triage eval --cascade

    static func cascade(_ s: CascadeSummary, command: String?, path: String) -> Part {
        let series = s.policies.map { ChartSeries(name: $0.name, points: $0.frontier.map { ($0.cost, $0.quality) }, style: .linePoints) }
        let markers = s.models.map { ChartMarker.point(x: $0.frontier.last?.cost ?? 0, y: $0.maxQuality, label: $0.name) }
        let chart = LineChart(title: "Cascade and router frontiers (\(s.rows) prompts)", x: ChartAxis("cost per prompt", format: .dollars),
                              y: ChartAxis("quality"), series: series, markers: markers)
        let rows = (s.policies + s.models).map { e in
            [e.name, number(e.aiq), number(e.maxQuality), e.reachShare.map(percent) ?? "never"]
        }
        let table = ReportTable(title: "AIQ and reach", headers: ["policy or model", "AIQ", "best quality", "cost to reach \(s.best)"],
                                rows: rows, footnote: command.map { "Made by: \($0)" })
        let best = s.policies.max { $0.aiq < $1.aiq }
        return Part(
            section: ReportSection(heading: "Cascade evaluation: \(path)", paragraph: s.title, blocks: [.lineChart(chart), .table(table)]),
            headline: [path, "triage eval --cascade", best.map { "best AIQ \(number($0.aiq)) (\($0.name))" } ?? "–", command ?? "–"])
    }

    // MARK: triage simulate

    static func simulation(_ json: JSONValue, command: String?, path: String) -> Part {
        let o = json.objectValue ?? JSONObject()
        func value(_ key: String) -> Double? { o[key]?.doubleValue }
        let curve = o["curve"]?.arrayValue ?? []
        func series(_ key: String) -> [(x: Double, y: Double)] {
            curve.compactMap { p in
                guard let step = p.objectValue?["step"]?.doubleValue, let v = p.objectValue?[key]?.doubleValue else { return nil }
                return (step, v)
            }
        }
        var markers: [ChartMarker] = []
        if let b = value("best_fixed_reward") { markers.append(.horizontal(y: b, label: "best fixed policy")) }
        if let w = value("always_weak_reward") { markers.append(.horizontal(y: w, label: "always weak")) }
        if let s = value("always_strong_reward") { markers.append(.horizontal(y: s, label: "always strong")) }
        let reward = LineChart(title: "Bandit reward per window", x: ChartAxis("requests"), y: ChartAxis("reward (quality − λ·cost)"),
                               series: [ChartSeries(name: "bandit", points: series("window_reward"), style: .linePoints)], markers: markers)
        let share = LineChart(title: "Strong-model share per window", x: ChartAxis("requests"), y: ChartAxis("share", format: .percent, range: 0...1),
                              series: [ChartSeries(name: "bandit", points: series("strong_share"), style: .linePoints)])
        var rows = [["bandit, last fifth / best fixed", percent(value("final_share_of_best"))],
                    ["exploration spent / budget", "\(number(value("exploration_spent"), 1)) / \(number(value("exploration_budget"), 1))"]]
        let truth = value("evaluated_true_value")
        for name in ["ips", "snips", "dr"] {
            guard let e = o[name]?.objectValue else { continue }
            let v = { (k: String) in e[k]?.doubleValue }
            rows.append(["\(name.uppercased()) of threshold \(number(value("evaluated_threshold"), 3))",
                         "\(number(v("value"))) [\(number(v("lower"))), \(number(v("upper")))], true \(number(truth))"])
        }
        let table = ReportTable(title: "Online learning", headers: ["measure", "value"], rows: rows, footnote: command.map { "Made by: \($0)" })
        return Part(
            section: ReportSection(heading: "Simulation: \(path)", paragraph: "The contextual bandit on real outcomes, revealing only the chosen model's result.",
                                   blocks: [.lineChart(reward), .lineChart(share), .table(table)]),
            headline: [path, "triage simulate", "\(percent(value("final_share_of_best"))) of the best fixed policy", command ?? "–"])
    }

    // MARK: triage replay

    static func replay(_ json: JSONValue, command: String?, path: String) -> Part {
        let o = json.objectValue ?? JSONObject()
        var rows: [[String]] = [["logged policy", number(o["logged_mean_reward"]?.doubleValue), "–"]]
        for name in ["ips", "snips", "dr"] {
            guard let e = o[name]?.objectValue else { continue }
            let v = { (k: String) in e[k]?.doubleValue }
            rows.append([name.uppercased(), number(v("value")), "[\(number(v("lower"))), \(number(v("upper")))]"])
        }
        let policy = o["policy"]?.stringValue ?? "?"
        let table = ReportTable(title: "Off-policy estimates of \(policy)", headers: ["estimator", "mean reward", "95 % interval"], rows: rows,
                                footnote: command.map { "Made by: \($0)" })
        let dr = o["dr"]?.objectValue?["value"]?.doubleValue
        return Part(
            section: ReportSection(heading: "Replay: \(path)", paragraph: "\(o["requests"]?.intValue ?? 0) logged requests with feedback.", blocks: [.table(table)]),
            headline: [path, "triage replay", "DR \(number(dr)) for \(policy)", command ?? "–"])
    }
}
