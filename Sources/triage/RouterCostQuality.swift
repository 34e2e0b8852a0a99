import Foundation
import TriageCore

/// The N-model cost-quality evaluation (λ sweep, frontier, AIQ) of a router over every model
/// it has a head for that the data prices.
enum RouterCostQuality {
    /// λ values from 0 up across the scale of per-call costs (fractions of a cent to dollars).
    static let lambdas: [Double] = [0] + stride(from: -1.0, through: 6.0, by: 0.125).map { pow(10, $0) }

    static func compute(table: OutcomeTable, scored: ScoredRows) throws -> CostQualityReport? {
        let models = scored.heads.filter { table.modelIndex($0) != nil }
        guard models.count >= 2 else { return nil }
        let columns = models.map { table.modelIndex($0)! }
        let headColumns = models.map { scored.heads.firstIndex(of: $0)! }
        var sub = OutcomeTable(models: models)
        var predicted: [[Double]] = []
        for (i, row) in table.rows.enumerated() {
            guard let costs = row.costs, columns.allSatisfy({ row.scores[$0] != nil && costs[$0] != nil }) else { continue }
            sub.rows.append(OutcomeRow(prompt: row.prompt, scores: columns.map { row.scores[$0] }, costs: columns.map { costs[$0] }, source: row.source))
            predicted.append(headColumns.map { scored.predicted[i][$0] })
        }
        guard sub.rows.count >= 10 else { return nil }
        let outcomes = try ModelOutcomes(table: sub)
        return try CostQualityReport(outcomes: outcomes, predicted: predicted, lambdas: lambdas)
    }
}
