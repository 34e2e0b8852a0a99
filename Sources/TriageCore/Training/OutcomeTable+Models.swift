extension OutcomeTable {
    /// Adds the models not yet in the table, padding existing rows with nil, and returns each
    /// name's index: lets importers combine files that list different models.
    mutating func alignModels(_ names: [String]) -> [Int] {
        for name in names where modelIndex(name) == nil {
            models.append(name)
            for r in rows.indices {
                rows[r].scores.append(nil)
                rows[r].costs?.append(nil)
                rows[r].responses?.append(nil)
            }
        }
        return names.map { modelIndex($0)! }
    }
}
