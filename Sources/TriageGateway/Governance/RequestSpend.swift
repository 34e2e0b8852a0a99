import Foundation
import Synchronization
import TriageSchema

/// One request's money: each attempt's worst case is reserved against every budget it falls
/// under before the attempt is sent (retries, hedges and cascade tiers alike), billed usage is
/// charged to the attempt that produced it, and `settle` ends it all once, in the ledger and
/// in the budgets. Reservations of budgeted requests are committed to the store before the
/// attempt goes out; a request under no budget writes its ledger row once, when it settles.
/// Commits go through the store's ledger writer (group commit); callers await them.
public final class RequestSpend: Sendable {
    struct Facts: Sendable {
        var requestID: String
        var model: String
        var keyToken: String?
        var teamID: String?
        /// Budgets that cover the whole request (gateway, key, team); a model's is per attempt.
        var scopes: [GovernanceScope]
        /// An upper bound on the prompt's tokens (a token is at least one byte of the body).
        var promptTokenBound: Int
        /// The request's own cap on the answer; nil takes the deployment's or the default.
        var requestedOutputTokens: Int?
        /// `n`: answers asked for, each up to the cap.
        var choices: Int
        var defaultOutputTokens: Int
        var budgetWait: Duration
    }

    private struct State: Sendable {
        var charges: [SpendCharge] = []
        var holds: [[BudgetLedger.Hold]] = []
        var billed: [Bool] = []
        var opened = false
        var settled = false
        /// The next reservation's number (its holds' key in a shared store).
        var nextHold = 0
    }

    /// Whether the settlement is in the store, and who waits for it. Its own object so the
    /// writer's callback can hold it: a settle run by deinit must not capture the spend.
    private final class Commitment: Sendable {
        private let state = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func finish() {
            let waiters = state.withLock { s in
                s.done = true
                defer { s.waiters = [] }
                return s.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func wait() async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { s in
                    if !s.done { s.waiters.append(continuation) }
                    return s.done
                }
                if done { continuation.resume() }
            }
        }
    }

    let facts: Facts
    let time: Date
    private let ledger: any BudgetAccounting
    private let writer: any LedgerCommitting
    private let limiter: any RateLimiting
    private let ticket: UsageLimiter.Ticket?
    private let clock: any WallClock
    private let state = Mutex(State())
    private let commitment = Commitment()

    init(
        facts: Facts, ledger: any BudgetAccounting, writer: any LedgerCommitting, limiter: any RateLimiting, ticket: UsageLimiter.Ticket?,
        clock: any WallClock
    ) {
        self.facts = facts
        self.ledger = ledger
        self.writer = writer
        self.limiter = limiter
        self.ticket = ticket
        self.clock = clock
        self.time = clock.now()
    }

    deinit {
        // Every path should settle; one that did not (a bug, a cancelled task) still must not
        // leave money reserved or a parallel-request slot taken.
        settle(status: nil)
    }

    /// The most an attempt on `deployment` can cost.
    func worstCase(on deployment: Deployment) -> Double {
        deployment.price.cost(inputTokens: facts.promptTokenBound, outputTokens: outputCap(on: deployment) * facts.choices)
    }

    /// The answer length a reservation on `deployment` assumes.
    private func outputCap(on deployment: Deployment) -> Int {
        facts.requestedOutputTokens ?? deployment.limits.maxOutputTokens ?? facts.defaultOutputTokens
    }

    /// The `max_tokens` an attempt on `deployment` must carry upstream so its worst case is a
    /// bound: the assumed cap when the client set none and the attempt's reservation is held
    /// against a budget; nil otherwise (the request goes as the client wrote it).
    func upstreamOutputCap(on deployment: Deployment) -> Int? {
        guard facts.requestedOutputTokens == nil else { return nil }
        let budgeted = state.withLock { s in
            s.charges.indices.last { s.charges[$0].deployment == deployment.id && !s.billed[$0] }.map { !s.holds[$0].isEmpty } ?? false
        }
        return budgeted ? outputCap(on: deployment) : nil
    }

    /// Reserves an attempt on `deployment` of `group`. When only other requests' reservations
    /// stand in the way, waits (polling) for them to settle, up to the configured budget wait
    /// and `maxWait` (what is left of the request's time; zero for hedges, which never wait).
    func reserve(on deployment: Deployment, group: String, maxWait: Duration) async -> Result<Int, ReservationFailure> {
        let amount = worstCase(on: deployment)
        let scopes = facts.scopes + [.model(group)]
        let waitUntil = ContinuousClock.now + min(maxWait, facts.budgetWait)
        // A request already holding a reservation never waits for others: two such requests
        // could wait for each other, and one may be waiting for its own hold.
        let (holding, sequence) = state.withLock { s in
            defer { s.nextHold += 1 }
            return (s.holds.contains { !$0.isEmpty }, s.nextHold)
        }
        while true {
            switch await ledger.reserve(amount, scopes: scopes, request: facts.requestID, sequence: sequence, now: clock.now()) {
            case .reserved(let holds):
                return await record(holds, amount: amount, deployment: deployment, group: group)
            case .denied(let denial):
                return .failure(.budget(denial))
            case .unavailable(let reason):
                return .failure(.ledger(reason))
            case .wait(let denial):
                guard !holding, !Task.isCancelled, ContinuousClock.now < waitUntil else { return .failure(.budget(denial)) }
                try? await Task.sleep(for: ledger.waitPoll)
            }
        }
    }

    private func record(_ holds: [BudgetLedger.Hold], amount: Double, deployment: Deployment, group: String) async -> Result<Int, ReservationFailure> {
        let now = clock.now()
        let (charge, row, firstWrite, total) = state.withLock { s in
            let charge = SpendCharge(sequence: s.charges.count, time: now, group: group, deployment: deployment.id, reservedUSD: amount)
            s.charges.append(charge)
            s.holds.append(holds)
            s.billed.append(false)
            let first = !s.opened
            if !holds.isEmpty { s.opened = true }
            return (charge, self.row(s, state: .reserved, status: nil), first, s.charges.reduce(0) { $0 + $1.reservedUSD })
        }
        // Holds a shared store did not see (admitted while it was down, budgets open) are
        // written when the request settles, through the writer's buffer.
        let unrecorded = ledger is SharedBudgetLedger && !holds.contains(where: \.inStore)
        guard !holds.isEmpty, !unrecorded else { return .success(charge.sequence) }
        do throws(StoreError) {
            try await writer.commit(firstWrite ? .open(row, charge) : .reserve(charge, requestID: facts.requestID, reservedTotal: total))
            return .success(charge.sequence)
        } catch {
            release(charge.sequence)
            return .failure(.ledger(error.description))
        }
    }

    /// Gives back a reservation whose attempt was not sent after all.
    func release(_ sequence: Int) {
        let holds = state.withLock { s -> [BudgetLedger.Hold] in
            guard sequence < s.holds.count else { return [] }
            defer { s.holds[sequence] = []; s.billed[sequence] = true }
            return s.holds[sequence]
        }
        ledger.release(holds, request: facts.requestID, now: clock.now())
    }

    /// An attempt on `deployment` failed. When the upstream answered with an error, it billed
    /// nothing and the reservation is given back at once (a retry may need the room); a
    /// timeout, a broken connection or an unreadable answer may have been billed, so its hold
    /// stays until the request settles.
    func attemptFailed(on deployment: Deployment, group: String, _ failure: UpstreamFailure) {
        switch failure {
        case .timeout, .connection, .malformedResponse: return
        case .rateLimited, .serverError, .contextWindowExceeded, .contentPolicy, .authentication, .badRequest, .unavailable: break
        }
        let index = state.withLock { s in
            s.charges.indices.last { s.charges[$0].deployment == deployment.id && s.charges[$0].group == group && !s.billed[$0] }
        }
        if let index { release(index) }
    }

    /// Bills `usage` from `deployment` of `group` to the latest attempt there not billed yet, at
    /// the deployment's price. Without usage (a stream cut after its first chunk, an upstream
    /// that reports none), the attempt is billed its worst case: the upstream charged for
    /// tokens nobody counted, and a budget must not be spent around.
    /// Returns the cost in USD.
    @discardableResult
    func charge(group: String, deployment: Deployment, usage: Usage?) -> Double {
        state.withLock { s in
            let cost = usage.map { deployment.price.cost(inputTokens: $0.promptTokens, outputTokens: $0.completionTokens) }
            let index = s.charges.indices.last { s.charges[$0].deployment == deployment.id && s.charges[$0].group == group && !s.billed[$0] }
            guard let index else {
                // An answer with no reservation (not reached in practice): still on the ledger.
                let value = cost ?? worstCase(on: deployment)
                var c = SpendCharge(sequence: s.charges.count, time: clock.now(), group: group, deployment: deployment.id, reservedUSD: 0, costUSD: value)
                c.promptTokens = usage?.promptTokens ?? 0
                c.completionTokens = usage?.completionTokens ?? 0
                s.charges.append(c)
                s.holds.append([])
                s.billed.append(true)
                return value
            }
            let value = cost ?? s.charges[index].reservedUSD
            s.charges[index].costUSD = value
            s.charges[index].promptTokens = usage?.promptTokens ?? 0
            s.charges[index].completionTokens = usage?.completionTokens ?? 0
            s.billed[index] = true
            return value
        }
    }

    /// The billed total so far.
    var cost: Double { state.withLock { s in s.charges.reduce(0) { $0 + $1.costUSD } } }

    /// Ends the request: budgets move its reservations to spent at the billed costs, its
    /// rate-limit slot takes the real token count, and the ledger row and charges are handed
    /// to the writer (`committed()` awaits them). Only the first call counts.
    func settle(status: Int?) {
        let now = clock.now()
        let taken = state.withLock { s -> (State, SpendRequestRow)? in
            guard !s.settled else { return nil }
            s.settled = true
            for i in s.charges.indices { s.charges[i].state = .settled }
            return (s, row(s, state: .settled, status: status, settledAt: now))
        }
        guard let (s, row) = taken else { return }
        let holds = zip(s.holds, s.charges).flatMap { holds, charge in holds.map { ($0, charge.costUSD) } }
        ledger.settle(holds.map(\.0), request: facts.requestID, costs: holds.map(\.1), now: now)
        if let ticket { limiter.finish(ticket, tokens: row.promptTokens + row.completionTokens) }
        let (requestID, commitment) = (facts.requestID, commitment)
        writer.submit(.settle(row, s.charges)) { error in
            if let error, !error.isBuffered { Self.reportLost(error, requestID: requestID) }
            commitment.finish()
        }
    }

    /// Returns once the settlement is in the store; at once when the request has not settled
    /// yet (a stream still running settles, and is awaited, at its end).
    func committed() async {
        guard state.withLock({ $0.settled }) else { return }
        await commitment.wait()
    }

    private func row(_ s: State, state: SpendCharge.State, status: Int?, settledAt: Date? = nil) -> SpendRequestRow {
        SpendRequestRow(
            requestID: facts.requestID, time: time, keyToken: facts.keyToken, teamID: facts.teamID, model: facts.model, state: state,
            reservedUSD: s.charges.reduce(0) { $0 + $1.reservedUSD }, costUSD: s.charges.reduce(0) { $0 + $1.costUSD },
            promptTokens: s.charges.reduce(0) { $0 + $1.promptTokens }, completionTokens: s.charges.reduce(0) { $0 + $1.completionTokens },
            status: status, settledAt: settledAt)
    }

    private static func reportLost(_ error: StoreError, requestID: String) {
        FileHandle.standardError.write(Data("triage: the spend ledger could not settle \(requestID): \(error)\n".utf8))
    }
}
