import Foundation

/// Why a budget refused a request or an attempt: the budget, what is left, when it resets.
public struct BudgetDenial: Sendable, Equatable {
    public var scope: GovernanceScope
    public var limitUSD: Double
    public var spentUSD: Double
    public var reservedUSD: Double
    public var neededUSD: Double
    /// nil: the budget never resets.
    public var resetsAt: Date?

    public var message: String {
        let reset = resetsAt.map { "It resets at \(ISO8601DateFormatter().string(from: $0))." } ?? "It does not reset."
        let held = reservedUSD > 0 ? String(format: " (plus $%.6f held by requests in flight)", reservedUSD) : ""
        return String(format: "Budget exceeded for %@: $%.6f of $%.6f spent%@; this request's worst case is $%.6f. ",
                      scope.description, spentUSD, limitUSD, held, neededUSD) + reset
    }
}
