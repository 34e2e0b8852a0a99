/// A spend cap in US dollars, reset at the end of every period (or never, without a duration).
public struct Budget: Sendable, Equatable {
    public var maxUSD: Double
    /// nil: the cap holds for the budget's whole life.
    public var duration: BudgetDuration?

    public init(maxUSD: Double, duration: BudgetDuration? = nil) {
        self.maxUSD = maxUSD
        self.duration = duration
    }
}
