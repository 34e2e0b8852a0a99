import Foundation
import Synchronization
import TriageSchema

/// Every budget's running state: spent in its current period, and reserved by requests in
/// flight. A request's attempt is admitted only if its worst case fits beside both, and the
/// check and the reservation are one step under one lock, so concurrent requests cannot
/// together overspend. Settling moves a reservation to spent at the billed cost.
final class BudgetLedger: BudgetAccounting {
    struct ScopeState: Sendable {
        /// nil: the budget was removed; the state stays while requests hold reservations under it.
        var budget: Budget?
        var anchor: Date
        var period: BudgetPeriod
        var spent: Double
        var reserved: Double
    }

    /// One reservation of one attempt against one scope, in the period it was made in.
    struct Hold: Sendable, Equatable {
        var scope: GovernanceScope
        var periodStart: Date
        var amount: Double
        /// The request's number for the reservation this hold is part of (its key in a shared store).
        var sequence = 0
        /// Recorded in a shared store, which ends it (`LedgerWrite.endHolds`); false for holds
        /// counted in memory, and for spend a shared store did not see (admitted while it was down).
        var inStore = false
    }

    enum Verdict: Sendable, Equatable {
        case reserved([Hold])
        /// Only reservations stand in the way: they may settle below their worst case. The
        /// denial says which budget, should the wait run out.
        case wait(BudgetDenial)
        case denied(BudgetDenial)
        /// A shared store could not be asked, and budgets fail closed.
        case unavailable(String)
    }

    private let states = Mutex<[GovernanceScope: ScopeState]>([:])
    /// Spent so far in a period, from the store, for a budget seen for the first time.
    private let loadSpent: @Sendable (GovernanceScope, Date) async -> Double
    /// Slack for sums of many small prices in floating point.
    static let tolerance = 1e-12

    init(loadSpent: @escaping @Sendable (GovernanceScope, Date) async -> Double) {
        self.loadSpent = loadSpent
    }

    /// Sets or clears the budget of `scope`. A new budget, or one whose period changed, reads
    /// its spend so far from the store; a changed cap keeps it.
    func setBudget(_ budget: Budget?, anchor: Date, for scope: GovernanceScope, now: Date) async {
        guard let budget else {
            // Held reservations still settle against it, so a budget set again counts them.
            states.withLock { $0[scope]?.budget = nil }
            return
        }
        let period = BudgetPeriod(containing: now, anchor: anchor, duration: budget.duration)
        let kept = states.withLock { all -> Bool in
            guard let current = all[scope], current.budget != nil, current.period == period, current.budget?.duration == budget.duration else {
                return false
            }
            all[scope]?.budget = budget
            all[scope]?.anchor = anchor
            return true
        }
        if kept { return }
        // Read outside the lock: a store query must not stall every request's reservation.
        let spent = await loadSpent(scope, period.start)
        states.withLock { all in
            all[scope] = ScopeState(budget: budget, anchor: anchor, period: period, spent: spent, reserved: all[scope]?.reserved ?? 0)
        }
    }

    /// Every scope with a budget.
    var scopes: [GovernanceScope] {
        states.withLock { all in all.filter { $0.value.budget != nil }.map(\.key) }
    }

    /// The scopes among `scopes` that have a budget.
    func budgeted(_ scopes: [GovernanceScope]) -> [GovernanceScope] {
        states.withLock { all in scopes.filter { all[$0]?.budget != nil } }
    }

    /// Checks again every 5 ms: a reservation here costs a lock, not a round trip.
    var waitPoll: Duration { .milliseconds(5) }

    func reserve(_ amount: Double, scopes: [GovernanceScope], request: String, sequence: Int, now: Date) async -> Verdict {
        reserve(amount, scopes: scopes, sequence: sequence, now: now)
    }

    func release(_ holds: [Hold], request: String, now: Date) {
        settle(holds, costs: holds.map { _ in 0 }, now: now)
    }

    /// Reserves `amount` against every budgeted scope in `scopes` at once, or none of them.
    func reserve(_ amount: Double, scopes: [GovernanceScope], sequence: Int = 0, now: Date) -> Verdict {
        states.withLock { all in
            var holds: [Hold] = []
            var mustWait: BudgetDenial?
            for scope in scopes {
                guard var state = all[scope], let budget = state.budget else { continue }
                Self.roll(&state, now: now)
                all[scope] = state
                if state.spent + state.reserved + amount <= budget.maxUSD + Self.tolerance {
                    holds.append(Hold(scope: scope, periodStart: state.period.start, amount: amount, sequence: sequence))
                    continue
                }
                let denial = BudgetDenial(scope: scope, limitUSD: budget.maxUSD, spentUSD: state.spent, reservedUSD: state.reserved,
                                          neededUSD: amount, resetsAt: state.period.end)
                guard state.reserved > 0, state.spent + amount <= budget.maxUSD + Self.tolerance else { return .denied(denial) }
                mustWait = mustWait ?? denial
            }
            if let mustWait { return .wait(mustWait) }
            for hold in holds { all[hold.scope]?.reserved += hold.amount }
            return .reserved(holds)
        }
    }

    func settle(_ holds: [Hold], request: String, costs: [Double], now: Date) {
        settle(holds, costs: costs, now: now)
    }

    /// Ends holds: each releases its amount and, when still in its period, adds `cost` to spent.
    func settle(_ holds: [Hold], costs: [Double], now: Date) {
        states.withLock { all in
            for (hold, cost) in zip(holds, costs) {
                guard var state = all[hold.scope] else { continue }
                state.reserved = max(0, state.reserved - hold.amount)
                Self.roll(&state, now: now)
                if state.period.start == hold.periodStart { state.spent += cost }
                all[hold.scope] = state
            }
        }
    }

    /// The state of a budget now, for the admin API.
    func state(of scope: GovernanceScope, now: Date) -> ScopeState? {
        states.withLock { all in
            guard var state = all[scope], state.budget != nil else { return nil }
            Self.roll(&state, now: now)
            all[scope] = state
            return state
        }
    }

    /// Each budgeted scope among `scopes` with its current period's start and its cap, for a
    /// shared store to check against (periods rolled to `now`).
    func caps(_ scopes: [GovernanceScope], now: Date) -> [(scope: GovernanceScope, periodStart: Date, cap: Double)] {
        states.withLock { all in
            scopes.compactMap { scope in
                guard var state = all[scope], let budget = state.budget else { return nil }
                Self.roll(&state, now: now)
                all[scope] = state
                return (scope, state.period.start, budget.maxUSD)
            }
        }
    }

    /// Replaces a scope's spent and reserved with what a shared store counts, when the store's
    /// figures are for the period the scope is in.
    func mirror(_ scope: GovernanceScope, periodStart: Date, spent: Double, reserved: Double) {
        states.withLock { all in
            guard all[scope]?.period.start == periodStart else { return }
            all[scope]?.spent = spent
            all[scope]?.reserved = reserved
        }
    }

    /// A period that ended starts the next with nothing spent.
    private static func roll(_ state: inout ScopeState, now: Date) {
        guard let end = state.period.end, now >= end else { return }
        state.period = BudgetPeriod(containing: now, anchor: state.anchor, duration: state.budget?.duration)
        state.spent = 0
    }
}
