/// Derives pairwise preferences from per-model outcomes.
public enum PairDerivation {
    /// One pair per prompt and pair of models (in table order) with both scores present.
    ///
    /// A score at or above `threshold` counts as good: a good model beats a bad one; two good
    /// models tie, two bad ones are `tieBothBad`.
    public static func pairs(from table: OutcomeTable, threshold: Float = 0.5) -> [PreferencePair] {
        var pairs: [PreferencePair] = []
        for row in table.rows {
            for a in row.scores.indices {
                guard let sa = row.scores[a] else { continue }
                for b in row.scores.indices.dropFirst(a + 1) {
                    guard let sb = row.scores[b] else { continue }
                    let winner: PreferencePair.Winner = switch (sa >= threshold, sb >= threshold) {
                    case (true, false): .modelA
                    case (false, true): .modelB
                    case (true, true): .tie
                    case (false, false): .tieBothBad
                    }
                    pairs.append(PreferencePair(
                        prompt: row.prompt, modelA: table.models[a], modelB: table.models[b], winner: winner))
                }
            }
        }
        return pairs
    }
}
