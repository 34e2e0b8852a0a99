import Foundation
import TriageCore

extension CalibrateCommand {
    /// `calibrate --cascade`: thresholds for a fixed chain that meet a cost or quality target on
    /// outcome data, printed ready for the gateway's `cascade.thresholds`.
    func runCascade() throws {
        let table = try CascadeData.load(path: data!, format: format ?? .routerbench)
        let tiers = try CascadeData.tiers(self.tiers!, models: table.models)
        let verifier = try CascadeData.verifier(self.verifier ?? "heuristic")
        let replay = try CascadeReplay(table: table, verifier: verifier)
        let target: CascadeTarget = targetCost.map { .maxCost($0) } ?? .minQuality(targetQuality!)
        let calibration = try CascadeCalibration(replay: replay, tiers: tiers, target: target)
        let run = try replay.run(calibration.plan)
        let names = tiers.map { table.models[$0] }
        let n = Double(run.rows.count)
        let acceptedShare = tiers.indices.map { k in Double(run.acceptedTier.count { $0 == k }) / n }
        let meanTiers = Double(run.tiersTried.reduce(0, +)) / n
        if json {
            let object: [String: Any] = [
                "tiers": names, "thresholds": calibration.plan.thresholds, "prompts": run.rows.count,
                "cost": calibration.point.cost, "quality": calibration.point.quality, "met": calibration.met,
                "target": targetCost.map { ["cost": $0] } ?? ["quality": targetQuality!],
                "accepted_share": acceptedShare, "mean_tiers_called": meanTiers,
                "verifier": self.verifier ?? "heuristic",
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let thresholds = calibration.plan.thresholds.map { String(format: "%.6f", $0) }.joined(separator: ", ")
        print("cascade:")
        print("  tiers: [\(names.joined(separator: ", "))]")
        print("  thresholds: [\(thresholds)]")
        let goal = switch target {
        case let .maxCost(usd): "mean cost ≤ \(CascadeData.usd(usd))"
        case let .minQuality(q): String(format: "quality ≥ %.4f", q)
        }
        print(String(format: "# on %d prompts: mean cost %@ per prompt, quality %.4f, %.2f tiers called per prompt (target %@: %@)",
                     run.rows.count, CascadeData.usd(calibration.point.cost), calibration.point.quality, meanTiers, goal,
                     calibration.met ? "met" : "not reachable; nearest miss"))
        let shares = zip(names, acceptedShare).map { String(format: "%@ %.1f%%", $0, $1 * 100) }.joined(separator: ", ")
        print("# answered by: \(shares)")
    }
}
