extension ModelOutcomes {
    /// Quality and cost of every model in an outcome table; throws on the first missing
    /// score or cost, since filling it in (drop the row, count it as wrong) is the caller's call.
    public init(table: OutcomeTable) throws(EvaluationError) {
        var quality: [[Double]] = []
        var cost: [[Double]] = []
        quality.reserveCapacity(table.rows.count)
        cost.reserveCapacity(table.rows.count)
        for (i, row) in table.rows.enumerated() {
            var q: [Double] = [], c: [Double] = []
            for (m, name) in table.models.enumerated() {
                guard m < row.scores.count, let s = row.scores[m] else { throw .missingValue(row: i, model: name) }
                guard let costs = row.costs, m < costs.count, let usd = costs[m] else { throw .missingValue(row: i, model: name) }
                q.append(Double(s))
                c.append(Double(usd))
            }
            quality.append(q)
            cost.append(c)
        }
        try self.init(models: table.models, quality: quality, cost: cost)
    }
}
