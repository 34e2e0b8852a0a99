extension OutcomeTable {
    /// Renames model `name` to `canonical`; when both exist their columns merge (an existing
    /// value wins), so one model known by two names in two sources becomes one head.
    public mutating func alias(_ name: String, as canonical: String) {
        guard name != canonical, let from = modelIndex(name) else { return }
        guard let to = modelIndex(canonical) else {
            models[from] = canonical
            return
        }
        for r in rows.indices {
            rows[r].scores[to] = rows[r].scores[to] ?? rows[r].scores[from]
            if rows[r].costs != nil { rows[r].costs![to] = rows[r].costs![to] ?? rows[r].costs![from] }
            if rows[r].responses != nil { rows[r].responses![to] = rows[r].responses![to] ?? rows[r].responses![from] }
            rows[r].scores.remove(at: from)
            rows[r].costs?.remove(at: from)
            rows[r].responses?.remove(at: from)
        }
        models.remove(at: from)
    }
}
