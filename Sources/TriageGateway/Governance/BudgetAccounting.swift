import Foundation
import TriageSchema

/// Where budgets are counted: in this process's memory (`BudgetLedger`, one gateway over
/// SQLite) or in a store every replica shares (`SharedBudgetLedger`, PostgreSQL), where each
/// check-and-reserve is one atomic step whichever replica asks.
protocol BudgetAccounting: Sendable {
    /// Sets or clears the budget of `scope`; the budget's period counts from `anchor`.
    func setBudget(_ budget: Budget?, anchor: Date, for scope: GovernanceScope, now: Date) async

    /// The scopes among `scopes` that have a budget.
    func budgeted(_ scopes: [GovernanceScope]) -> [GovernanceScope]

    /// Reserves `amount` against every budgeted scope in `scopes` at once, or none of them;
    /// `sequence` numbers this reservation within request `request`.
    func reserve(_ amount: Double, scopes: [GovernanceScope], request: String, sequence: Int, now: Date) async -> BudgetLedger.Verdict

    /// Gives holds back unspent (their attempt was not sent, or was refused unbilled).
    func release(_ holds: [BudgetLedger.Hold], request: String, now: Date)

    /// Ends holds at their billed costs.
    func settle(_ holds: [BudgetLedger.Hold], request: String, costs: [Double], now: Date)

    /// A budget's spend and reservations in its current period (for a shared store, as of the
    /// last figures this replica read).
    func state(of scope: GovernanceScope, now: Date) -> BudgetLedger.ScopeState?

    /// How long a reservation waiting on other requests' holds sleeps between checks.
    var waitPoll: Duration { get }
}
