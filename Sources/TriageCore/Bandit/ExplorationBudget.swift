/// Caps what exploration may cost: a share of requests (over the last `window` decisions) and
/// a dollar amount per period (the extra cost of explored choices over the greedy ones). The
/// bandit explores on at most `maxShare` of its decisions at random; when either cap is spent it
/// plays greedily, with propensity 1, until the budget frees up.
///
/// Times are seconds on any clock the caller chooses (injected, so tests control it).
public struct ExplorationBudget: Sendable, Equatable {
    public let maxShare: Double
    public let maxSpendPerPeriod: Double
    public let period: Double
    public let window: Int

    private var explored: [Bool]
    private var next = 0
    private var filled = 0
    private var exploredInWindow = 0
    private var periodStart: Double?
    public private(set) var spentThisPeriod = 0.0
    /// Every explored choice's extra cost, all periods.
    public private(set) var spentTotal = 0.0

    public init(maxShare: Double, maxSpendPerPeriod: Double, period: Double = 86_400, window: Int = 1_000) {
        precondition(maxShare >= 0 && maxShare <= 1 && maxSpendPerPeriod >= 0 && period > 0 && window > 0, "valid caps")
        self.maxShare = maxShare
        self.maxSpendPerPeriod = maxSpendPerPeriod
        self.period = period
        self.window = window
        explored = [Bool](repeating: false, count: window)
    }

    /// Whether the next decision may explore at `now`.
    public mutating func allowsExploration(now: Double) -> Bool {
        roll(now)
        let shareOK = Double(exploredInWindow + 1) <= maxShare * Double(min(filled + 1, window))
        return shareOK && spentThisPeriod < maxSpendPerPeriod
    }

    /// Records a decision: whether it differed from the greedy arm and what that added in USD
    /// (negative when the explored arm was cheaper, which refunds nothing).
    public mutating func record(explored wasExplored: Bool, extraCost: Double, now: Double) {
        roll(now)
        if filled == window, explored[next] { exploredInWindow -= 1 }
        explored[next] = wasExplored
        if wasExplored { exploredInWindow += 1 }
        next = (next + 1) % window
        filled = min(filled + 1, window)
        if wasExplored, extraCost > 0, extraCost.isFinite {
            spentThisPeriod += extraCost
            spentTotal += extraCost
        }
    }

    /// Share of the window's decisions that explored.
    public var exploredShare: Double { filled == 0 ? 0 : Double(exploredInWindow) / Double(filled) }

    private mutating func roll(_ now: Double) {
        guard let start = periodStart else { periodStart = now; return }
        if now - start >= period {
            periodStart = now
            spentThisPeriod = 0
        }
    }
}
