/// How a threshold search enumerates candidates: each threshold ranges over 0 (always accept),
/// quantiles of its tier's verifier scores, and 1 (always escalate). Small chains are searched
/// exhaustively; when the full grid exceeds `maxConfigurations`, coordinate descent under a
/// range of cost prices visits a deterministic subset.
public struct CascadeGrid: Sendable, Equatable, Codable {
    /// Threshold values per tier (at least 2); raised for short chains while the full grid
    /// still fits in `maxConfigurations`.
    public var levels: Int
    /// The most threshold combinations tried exhaustively.
    public var maxConfigurations: Int
    /// Coordinate-descent rounds per cost price, when the grid is too large.
    public var rounds: Int

    public init(levels: Int = 41, maxConfigurations: Int = 2048, rounds: Int = 6) {
        self.levels = max(2, levels)
        self.maxConfigurations = max(1, maxConfigurations)
        self.rounds = max(1, rounds)
    }

    /// Levels per threshold for a chain with `dimensions` thresholds: at least `levels`, and as
    /// many as keep the exhaustive grid within `maxConfigurations`.
    func levels(dimensions: Int) -> Int {
        guard dimensions > 0 else { return 1 }
        var l = levels
        while pow(l + 1, dimensions) <= maxConfigurations { l += 1 }
        return l
    }

    /// Whether the full grid of `dimensions` thresholds at `levels` values each is small enough.
    func exhaustive(dimensions: Int, levels: Int) -> Bool {
        pow(levels, dimensions) <= maxConfigurations
    }

    /// Candidate thresholds from one tier's scores: 0, the scores at `levels − 2` evenly spaced
    /// ranks, and 1, sorted and without repeats.
    static func values(_ scores: [Double], levels: Int) -> [Double] {
        var out: Set<Double> = [0, 1]
        let sorted = scores.sorted()
        if !sorted.isEmpty, levels > 2 {
            for j in 1...(levels - 2) {
                let rank = Int((Double(j) / Double(levels - 1) * Double(sorted.count - 1)).rounded())
                out.insert(min(1, max(0, sorted[rank])))
            }
        }
        return out.sorted()
    }

    private func pow(_ base: Int, _ exponent: Int) -> Int {
        var out = 1
        for _ in 0..<exponent {
            let (next, overflow) = out.multipliedReportingOverflow(by: base)
            if overflow { return .max }
            out = next
        }
        return out
    }
}
