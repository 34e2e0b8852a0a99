extension OutcomeTable {
    /// Adds the models not yet in the table, padding existing rows with nil, and returns each
    /// name's index: lets importers combine files that list different models. Linear in the
    /// names and rows (a header of 10,000 model columns, looked up one by one, took minutes).
    mutating func alignModels(_ names: [String]) -> [Int] {
        var index: [String: Int] = [:]
        for (m, name) in models.enumerated() where index[name] == nil { index[name] = m }
        let before = models.count
        for name in names where index[name] == nil {
            index[name] = models.count
            models.append(name)
        }
        let added = models.count - before
        if added > 0 {
            for r in rows.indices {
                rows[r].scores += repeatElement(nil, count: added)
                rows[r].costs? += repeatElement(nil, count: added)
                rows[r].responses? += repeatElement(nil, count: added)
            }
        }
        return names.map { index[$0]! }
    }
}
