extension PairOutcomes {
    /// The weak and strong columns of an outcome table; throws where either score is missing,
    /// because the router's scores must stay aligned with the table's rows.
    public init(table: OutcomeTable, weak: String, strong: String) throws(EvaluationError) {
        guard let w = table.modelIndex(weak) else { throw .unknownModel(weak) }
        guard let s = table.modelIndex(strong) else { throw .unknownModel(strong) }
        var weakScores: [Double] = []
        var strongScores: [Double] = []
        weakScores.reserveCapacity(table.rows.count)
        strongScores.reserveCapacity(table.rows.count)
        for (i, row) in table.rows.enumerated() {
            guard let ws = row.scores[w] else { throw .missingValue(row: i, model: weak) }
            guard let ss = row.scores[s] else { throw .missingValue(row: i, model: strong) }
            weakScores.append(Double(ws))
            strongScores.append(Double(ss))
        }
        try self.init(weak: weakScores, strong: strongScores)
    }
}
