/// The cost-aware rule shared by the gateway's `cost_aware` policy and offline evaluation:
/// the candidate maximising predicted quality − λ · cost.
public enum CostAwareChoice {
    /// The index in `quality`'s range with the best `quality − lambda · cost`; ties go to the
    /// cheaper candidate, then to the lower index, so choices never depend on iteration details.
    public static func best(quality: [Double], cost: [Double], lambda: Double) -> Int {
        precondition(!quality.isEmpty && quality.count == cost.count, "one cost per candidate")
        var best = 0
        var bestKey = (quality[0] - lambda * cost[0], -cost[0])
        for m in 1..<quality.count {
            let key = (quality[m] - lambda * cost[m], -cost[m])
            if key > bestKey { best = m; bestKey = key }
        }
        return best
    }
}
