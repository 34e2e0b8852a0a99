import TriageSchema

/// Picks one deployment among those able to serve, by the group's strategy.
enum DeploymentSelector {
    /// Share of latency-strategy picks made at random to keep every deployment measured.
    static let explorationShare = 0.05

    /// - Parameters:
    ///   - candidates: deployments that may take the request now (healthy, within limits).
    ///   - health: each candidate's health, by id.
    ///   - streaming: the latency strategy then judges time to first token.
    ///   - tokens: estimated input and output tokens, for the cost strategy.
    static func choose(
        _ candidates: [Deployment], strategy: SelectionStrategy, health: [String: DeploymentHealth],
        streaming: Bool, tokens: (input: Int, output: Int), using generator: inout some RandomNumberGenerator
    ) -> Deployment? {
        guard candidates.count > 1 else { return candidates.first }
        switch strategy {
        case .weighted:
            return weighted(candidates, using: &generator)
        case .leastBusy:
            return lowest(candidates, using: &generator) { Double(health[$0.id]?.inFlight ?? 0) }
        case .latency:
            // One pick in twenty goes anywhere, so a deployment judged on one slow sample (or
            // that has since recovered) is measured again rather than left out for good.
            if Double.random(in: 0..<1, using: &generator) < explorationShare {
                return candidates.randomElement(using: &generator)
            }
            // A deployment never measured scores 0, so each gets tried once and then judged.
            return lowest(candidates, using: &generator) { d in
                let h = health[d.id]
                return (streaming ? h?.timeToFirstToken : h?.latency) ?? 0
            }
        case .cost:
            return lowest(candidates, using: &generator) { $0.price.cost(inputTokens: tokens.input, outputTokens: tokens.output) }
        case .priority:
            let best = candidates.map(\.priority).min()!
            return weighted(candidates.filter { $0.priority == best }, using: &generator)
        }
    }

    /// At random in proportion to weight (uniform when every weight is zero).
    static func weighted(_ candidates: [Deployment], using generator: inout some RandomNumberGenerator) -> Deployment? {
        let total = candidates.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else { return candidates.randomElement(using: &generator) }
        var point = Double.random(in: 0..<total, using: &generator)
        for d in candidates {
            point -= max(0, d.weight)
            if point < 0 { return d }
        }
        return candidates.last
    }

    /// The candidate with the lowest score; ties broken by weight, at random.
    private static func lowest(
        _ candidates: [Deployment], using generator: inout some RandomNumberGenerator, score: (Deployment) -> Double
    ) -> Deployment? {
        let scores = candidates.map(score)
        let best = scores.min()!
        // Within 20 % of the best counts as a tie, so near-equal deployments share the load
        // instead of taking it in turns on noise (a failover drill showed 0/100 swings between
        // two identical upstreams with a 5 % band); a clearly faster one still takes it all.
        let tied = zip(candidates, scores).filter { $0.1 <= best * 1.2 + 1e-9 }.map(\.0)
        return weighted(tied, using: &generator)
    }
}
