import Foundation
import TriageCore

/// The human-readable comparison of `eval --cascade`: one table for all prompts, one per task.
struct CascadeTable {
    let title: String
    let summaries: [CascadeSummary]
    let evaluation: CascadeEvaluation

    func render() -> String {
        var lines = [title, ""]
        for summary in summaries {
            lines += table(summary)
            lines.append("")
        }
        lines.append("chains chosen per fold (cheap → best):")
        for policy in [CascadePolicy.cascadeOnly, .routerCascade] {
            let names = (evaluation.chains[policy] ?? []).map { $0.map(short).joined(separator: " → ") }
            var counts: [(String, Int)] = []
            for n in names {
                if let i = counts.firstIndex(where: { $0.0 == n }) { counts[i].1 += 1 } else { counts.append((n, 1)) }
            }
            lines.append("  \(policy.rawValue): " + counts.map { "\($0.0) (×\($0.1))" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    private func table(_ s: CascadeSummary) -> [String] {
        var lines = [
            "\(s.title): \(s.rows) prompts; best single model \(s.best): quality \(f4(s.bestPoint.quality)) at \(CascadeData.usd(s.bestPoint.cost))/prompt",
            "AIQ: mean frontier height over [$0, \(CascadeData.usd(s.maxCost))] (0 below a policy's cheapest point); own: from its cheapest point",
            "reach: least cost at which the frontier reaches \(f4(s.bestPoint.quality)), and that cost as a share of \(short(s.best))'s",
            pad("policy", 32) + pad("AIQ", 8) + pad("AIQ own", 9) + pad("max quality", 12) + pad("at cost", 11) + pad("reach cost", 12) + "share",
        ]
        let entries = s.models.sorted { $0.frontier[0].cost < $1.frontier[0].cost } + s.policies
        for e in entries {
            if e.name == CascadePolicy.routerOnly.rawValue { lines.append(String(repeating: "-", count: 100)) }
            lines.append(pad(short(e.name), 32) + pad(f4(e.aiq), 8) + pad(f4(e.aiqOwnRange), 9) + pad(f4(e.maxQuality), 12) + pad(CascadeData.usd(e.costAtMaxQuality), 11)
                + pad(e.reachCost.map(CascadeData.usd) ?? "never", 12) + (e.reachShare.map { String(format: "%.1f%%", $0 * 100) } ?? "–"))
        }
        lines.append("cost-quality frontier of each policy (held-out cost per prompt → quality):")
        for e in s.policies {
            let points = e.frontier.map { "\(CascadeData.usd($0.cost)) → \(String(format: "%.3f", $0.quality))" }
            lines.append("  \(e.name): " + points.joined(separator: ", "))
        }
        let rc = s.policies.first { $0.name == CascadePolicy.routerCascade.rawValue }
        lines.append("router + cascade has the highest AIQ: \(s.routerCascadeHasHighestAIQ ? "yes" : "no")")
        let share = rc?.reachShare.map { String(format: "%.1f%%", $0 * 100) } ?? "never"
        lines.append("router + cascade reaches \(short(s.best))'s quality at ≤ 40% of its cost: \(s.routerCascadeReachesBestWithin40Percent ? "yes" : "no") (\(share))")
        return lines
    }

    private func short(_ model: Int) -> String { short(evaluation.outcomes.models[model]) }
    private func short(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }
    private func f4(_ x: Double) -> String { String(format: "%.4f", x) }
    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
