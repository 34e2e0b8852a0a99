/// Finds the key a typo most likely meant, for "unknown key … (did you mean …?)".
enum KeySuggestion {
    /// The closest of `candidates` to `key`, if close enough to be a plausible typo: within two
    /// edits (one for short keys), after turning camelCase into snake_case so `maxRetries`
    /// finds `max_retries`.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let wanted = snakeCased(key)
        let allowed = wanted.count <= 4 ? 1 : 2
        var best: (key: String, distance: Int)?
        for candidate in candidates {
            // Lengths further apart than the edits allowed can only be further apart in edits;
            // skipping them keeps a megabyte-long key from costing a megabyte-sized table per candidate.
            guard abs(wanted.utf8.count - candidate.utf8.count) <= allowed else { continue }
            let d = editDistance(Array(wanted.utf8), Array(candidate.utf8))
            if d < best?.distance ?? .max { best = (candidate, d) }
        }
        guard let best else { return nil }
        return best.distance <= allowed ? best.key : nil
    }

    static func snakeCased(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase {
                if !out.isEmpty { out += "_" }
                out += ch.lowercased()
            } else {
                out.append(ch == "-" ? "_" : ch)
            }
        }
        return out
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit (`deplyoments`).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // d[i][j]: distance between a[..<i] and b[..<j]; three rows suffice for transpositions.
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
