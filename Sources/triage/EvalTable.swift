import Foundation
import TriageCore

/// The human-readable rendering of an evaluation report.
struct EvalTable {
    let report: EvaluationReport
    let rows: Int
    let title: String

    func render() -> String {
        var lines = ["\(title), \(rows) prompts", ""]
        lines.append(pad("", 16) + pad("APGR", 8) + pad("CPT(50%)", 10) + pad("CPT(80%)", 10))
        let entries: [(String, CurveMetrics)] = [
            ("router", report.router), ("random", report.baselines.random), ("always weak", report.baselines.alwaysWeak),
            ("always strong", report.baselines.alwaysStrong), ("perfect", report.baselines.perfect),
        ]
        for (name, m) in entries {
            lines.append(pad(name, 16) + pad(m.apgr.map { String(format: "%.3f", $0) } ?? "–", 8)
                + pad(percent(m.cpt50), 10) + pad(percent(m.cpt80), 10))
        }
        if let cq = report.costQuality {
            lines += ["", String(format: "AIQ of the router's λ sweep over its priced models: %.4f", cq.aiq), "cost-quality frontier (mean USD per call, quality):"]
            lines += cq.frontier.map { String(format: "  %.6f  %.4f", $0.cost, $0.quality) }
            lines.append("single models:")
            lines += cq.models.sorted { $0.value.cost < $1.value.cost }.map { String(format: "  %.6f  %.4f  ", $0.value.cost, $0.value.quality) + $0.key }
            lines.append(String(format: "  %.6f  %.4f  oracle (cheapest correct model)", cq.oracle.cost, cq.oracle.quality))
        }
        lines += ["", "router curve:", pad("strong share", 14) + pad("quality", 10) + "PGR"]
        for p in report.router.curve {
            lines.append(pad(String(format: "%.0f%%", p.share * 100), 14) + pad(String(format: "%.4f", p.quality), 10) + String(format: "%.3f", p.pgr))
        }
        return lines.joined(separator: "\n")
    }

    private func percent(_ x: Double?) -> String { x.map { String(format: "%.2f%%", $0 * 100) } ?? "–" }
    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
