import Foundation
import TriageCore
import TriageGateway

/// Training data from the gateway's request log: each routed request with feedback becomes an
/// outcome row where only the answering model's head is known (its feedback value), the others
/// left blank, which the quality objective skips. Features come from the logged compact
/// encoding, or from the prompt when the log keeps prompts.
enum TelemetryTrainingData {
    static func load(db: String, metric: String, config: FeatureConfig) throws -> (OutcomeTable, [PromptFeatures]) {
        guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure("\(db): no such file") }
        let store: SQLiteTelemetryStore
        do { store = try SQLiteTelemetryStore(path: db) } catch { throw CommandFailure("\(error)") }
        defer { store.close() }
        let rows: [SQLiteTelemetryStore.LoggedOutcome]
        do { rows = try store.loggedOutcomes(metric: metric, routedModel: nil) } catch { throw CommandFailure("\(error)") }
        let featurizer = PromptFeaturizer(config: config)
        var models: [String] = []
        var labelled: [(column: Int, value: Float, prompt: String, source: String)] = []
        var features: [PromptFeatures] = []
        var skipped = 0
        for row in rows {
            guard let d = LoggedRouting(json: row.decision), d.heads.indices.contains(d.arm), (0...1).contains(row.value)
            else { skipped += 1; continue }
            let (heads, arm) = (d.heads, d.arm)
            // The logged features are what the serving router saw (turns included); the prompt,
            // re-featurized, is the fallback.
            let f: PromptFeatures
            if let bytes = row.features, let decoded = PromptFeatures(compactBytes: bytes),
               decoded.dense.count == DenseSignal.count, decoded.ids.allSatisfy({ Int($0) < config.buckets }) {
                f = decoded
            } else if let prompt = row.prompt {
                f = featurizer.featurize(prompt)
            } else {
                skipped += 1
                continue
            }
            let column = models.firstIndex(of: heads[arm]) ?? { models.append(heads[arm]); return models.count - 1 }()
            labelled.append((column, Float(row.value), row.prompt ?? row.requestID, row.model))
            features.append(f)
        }
        var table = OutcomeTable(models: models)
        table.rows = labelled.map { l in
            var scores = [Float?](repeating: nil, count: models.count)
            scores[l.column] = l.value
            return OutcomeRow(prompt: l.prompt, scores: scores, source: l.source)
        }
        if skipped > 0 { StandardError.line("\(db): skipped \(skipped) logged requests without usable features, heads or a value in [0, 1]") }
        guard table.rows.count >= 10 else {
            throw CommandFailure("\(db): only \(table.rows.count) routed requests have '\(metric)' feedback to train on; need at least 10")
        }
        return (table, features)
    }
}
