extension OutcomeTable {
    /// Appends another table's rows, taking the union of models (missing outcomes stay nil):
    /// the shipped router learns from several sources whose model sets differ.
    public mutating func append(_ other: OutcomeTable) {
        let columns = alignModels(other.models)
        let width = models.count
        for row in other.rows {
            var merged = OutcomeRow(prompt: row.prompt, scores: [Float?](repeating: nil, count: width), source: row.source)
            if row.costs != nil { merged.costs = [Float?](repeating: nil, count: width) }
            if row.responses != nil { merged.responses = [String?](repeating: nil, count: width) }
            for (k, column) in columns.enumerated() {
                merged.scores[column] = row.scores[k]
                merged.costs?[column] = row.costs?[k] ?? nil
                merged.responses?[column] = row.responses?[k] ?? nil
            }
            rows.append(merged)
        }
    }
}
