import Foundation
import Synchronization
import TriageSchema

/// Budgets counted in a store every replica shares. Each reservation is one atomic call that
/// checks every budget of the attempt against its counter and holds the worst case in all of
/// them or none, so N replicas together never spend past a cap. Holds end through the ledger
/// writer (`LedgerWrite.endHolds`), in the same transactions as the ledger's rows.
///
/// A `BudgetLedger` keeps what this replica knows of each budget: cap, period, and the
/// counter's figures as last read (for the admin API and metrics). It never admits anything.
final class SharedBudgetLedger: BudgetAccounting {
    private let store: any SharedGovernanceStore
    private let writer: any LedgerCommitting
    private let known: BudgetLedger
    private let whenDown = Mutex(StoreOutageMode.closed)

    init(store: any SharedGovernanceStore, writer: any LedgerCommitting) {
        self.store = store
        self.writer = writer
        known = BudgetLedger { scope, start in
            // A period this replica has not seen: its counter starts from what the ledger says
            // was spent in it (once, whichever replica is first), then the counter is the truth.
            let ledger = (try? await store.spent(scope, since: start)) ?? 0
            return (try? await store.seedBudget(scope: scope.storeKey, periodStart: start, spent: ledger).spent) ?? ledger
        }
    }

    /// Polls every 25 ms: each check is a round trip to the store.
    var waitPoll: Duration { .milliseconds(25) }

    func setOutageMode(_ mode: StoreOutageMode) {
        whenDown.withLock { $0 = mode }
    }

    func setBudget(_ budget: Budget?, anchor: Date, for scope: GovernanceScope, now: Date) async {
        await known.setBudget(budget, anchor: anchor, for: scope, now: now)
    }

    func budgeted(_ scopes: [GovernanceScope]) -> [GovernanceScope] {
        known.budgeted(scopes)
    }

    func reserve(_ amount: Double, scopes: [GovernanceScope], request: String, sequence: Int, now: Date) async -> BudgetLedger.Verdict {
        let caps = known.caps(scopes, now: now)
        guard !caps.isEmpty else { return .reserved([]) }
        let asked = caps.map { BudgetCap(scope: $0.scope.storeKey, periodStart: $0.periodStart, capUSD: $0.cap) }
        let verdict: SharedBudgetVerdict
        do throws(StoreError) {
            verdict = try await store.reserveBudget(amount, caps: asked, request: request, sequence: sequence)
        } catch {
            guard whenDown.withLock({ $0 }) == .open, error.unreachable else { return .unavailable(error.description) }
            // Open while the store is down: the attempt goes, and its cost is added to the
            // counters when the store is back (`settle`).
            return .reserved(caps.map { BudgetLedger.Hold(scope: $0.scope, periodStart: $0.periodStart, amount: amount, sequence: sequence) })
        }
        switch verdict {
        case .reserved(let counters):
            for (cap, counter) in zip(caps, counters) {
                known.mirror(cap.scope, periodStart: cap.periodStart, spent: counter.spent, reserved: counter.reserved)
            }
            return .reserved(caps.map {
                BudgetLedger.Hold(scope: $0.scope, periodStart: $0.periodStart, amount: amount, sequence: sequence, inStore: true)
            })
        case .wait(let index, let counter):
            return .wait(denial(caps, index, counter, amount: amount, now: now))
        case .denied(let index, let counter):
            return .denied(denial(caps, index, counter, amount: amount, now: now))
        }
    }

    private func denial(
        _ caps: [(scope: GovernanceScope, periodStart: Date, cap: Double)], _ index: Int, _ counter: SharedBudgetVerdict.Counter,
        amount: Double, now: Date
    ) -> BudgetDenial {
        let cap = caps[max(0, min(index, caps.count - 1))]
        known.mirror(cap.scope, periodStart: cap.periodStart, spent: counter.spent, reserved: counter.reserved)
        return BudgetDenial(scope: cap.scope, limitUSD: cap.cap, spentUSD: counter.spent, reservedUSD: counter.reserved, neededUSD: amount,
                            resetsAt: known.state(of: cap.scope, now: now)?.period.end)
    }

    func release(_ holds: [BudgetLedger.Hold], request: String, now: Date) {
        let sequences = Set(holds.filter(\.inStore).map(\.sequence))
        guard !sequences.isEmpty else { return }
        writer.submit(.endHolds(sequences.sorted().map { HoldEnding(requestID: request, sequence: $0, costUSD: 0) }), completion: nil)
    }

    func settle(_ holds: [BudgetLedger.Hold], request: String, costs: [Double], now: Date) {
        var endings: [Int: Double] = [:]
        var unheld: [UnheldSpend] = []
        for (hold, cost) in zip(holds, costs) {
            if hold.inStore {
                endings[hold.sequence] = cost  // one cost per reservation, whichever of its budgets
            } else if cost > 0 {
                unheld.append(UnheldSpend(scope: hold.scope.storeKey, periodStart: hold.periodStart, costUSD: cost))
            }
        }
        if !endings.isEmpty {
            writer.submit(.endHolds(endings.sorted { $0.key < $1.key }.map { HoldEnding(requestID: request, sequence: $0.key, costUSD: $0.value) }),
                          completion: nil)
        }
        if !unheld.isEmpty { writer.submit(.addSpend(unheld), completion: nil) }
    }

    func state(of scope: GovernanceScope, now: Date) -> BudgetLedger.ScopeState? {
        known.state(of: scope, now: now)
    }

    var scopes: [GovernanceScope] { known.scopes }

    /// Reads every budget's counter again (other replicas spend too), for the admin API.
    func refresh(_ scopes: [GovernanceScope], now: Date) async {
        for cap in known.caps(scopes, now: now) {
            guard let counter = try? await store.seedBudget(scope: cap.scope.storeKey, periodStart: cap.periodStart, spent: 0) else { continue }
            known.mirror(cap.scope, periodStart: cap.periodStart, spent: counter.spent, reserved: counter.reserved)
        }
    }
}
