import Foundation
import Logging
import PostgresNIO
import Testing
import TriageSchema
@testable import TriageGateway

/// Several gateway replicas on one PostgreSQL database: budgets and rate limits hold exactly
/// across all of them, and what a dead replica left reserved is settled by a live one.
///
/// Each `place.open()` is one replica (its own pool and replica id), with a `Governance` over it.
@Suite struct StoreReplicasTests {
    /// No test may run longer than this; loops that have not finished by then stop and fail.
    static let limit: Duration = .seconds(8)

    /// A new key with `body`'s settings, created through `governance`.
    static func makeKey(_ governance: Governance, _ body: JSONObject) async throws -> VirtualKey {
        let request = try KeyGenerateRequest(json: .object(body))
        let (_, key) = try await governance.generate(request)
        return key
    }

    /// Runs `body` on a connection of its own to the place's database.
    static func onDatabase<T>(_ place: StorePlace, _ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        guard case .postgres(let settings) = place.store, case .literal(let text) = settings.url else {
            throw StoreError("not a PostgreSQL place with a literal URL", context: "test")
        }
        let url = try PostgresURL(parsing: text)
        let logger = Logger(label: "triage.tests")
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(connectTimeout: .seconds(5)), id: 2, logger: logger)
        do {
            let value = try await body(connection, logger)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The budget counters of `scope` (one per period), as the database holds them.
    static func counters(_ place: StorePlace, _ scope: GovernanceScope) async throws -> [(spent: Double, reserved: Double)] {
        try await onDatabase(place) { connection, logger in
            var out: [(spent: Double, reserved: Double)] = []
            let rows = try await connection.query("SELECT spent, reserved FROM budget_counters WHERE scope = \(scope.storeKey)", logger: logger)
            for try await (spent, reserved) in rows.decode((Double, Double).self) { out.append((spent, reserved)) }
            return out
        }
    }

    /// `SELECT count(*)` of `sql`'s rows.
    static func count(_ place: StorePlace, _ sql: String) async throws -> Int {
        try await onDatabase(place) { connection, logger in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::bigint FROM (\(sql)) AS q"), logger: logger)
            for try await n in rows.decode(Int.self) { return n }
            return -1
        }
    }

    /// The PostgreSQL store under `stores`.
    static func postgresStore(_ stores: GatewayStores) throws -> PostgresGovernanceStore {
        try #require(stores.governance as? PostgresGovernanceStore)
    }

    // MARK: Budgets

    /// Ninety tasks on three replicas reserve $0.03 at a time against a $1 key budget, settling
    /// each reservation at its full amount: exactly 33 go through, and the counter says $0.99.
    @Test func threeReplicasRacingForOneBudgetNeverSpendPastIt() async throws {
        try await StoreBackend.postgres.withPlace { place in
            let clock = ManualWallClock()
            let storesA = try await place.open()
            let governanceA = try await Governance(stores: storesA, clock: clock)
            var body = JSONObject()
            body["max_budget"] = .number(1)
            let key = try await Self.makeKey(governanceA, body)
            // Made after the key exists: they load it, and its budget, at init.
            let storesB = try await place.open()
            let governanceB = try await Governance(stores: storesB, clock: clock)
            let storesC = try await place.open()
            let governanceC = try await Governance(stores: storesC, clock: clock)
            let replicas = [governanceA, governanceB, governanceC]
            for governance in replicas {
                #expect(governance.findKey(key.token)?.budget?.maxUSD == 1, "every replica knows the key's budget")
            }

            let deadline = ContinuousClock.now + Self.limit
            let token = key.token
            let (admitted, problems) = await withTaskGroup(of: (Int, [String]).self) { group in
                for (r, governance) in replicas.enumerated() {
                    for t in 0..<30 {
                        group.addTask {
                            var admitted = 0
                            var attempt = 0
                            while true {
                                guard ContinuousClock.now < deadline else { return (admitted, ["task \(r)-\(t) ran out of time"]) }
                                attempt += 1
                                let id = "req-\(r)-\(t)-\(attempt)"
                                switch await governance.ledger.reserve(0.03, scopes: [.key(token)], request: id, sequence: 0, now: clock.now()) {
                                case .reserved(let holds):
                                    if holds.isEmpty { return (admitted, ["\(id) was reserved without a hold"]) }
                                    governance.ledger.settle(holds, request: id, costs: holds.map { _ in 0.03 }, now: clock.now())
                                    admitted += 1
                                case .wait:
                                    try? await Task.sleep(for: .milliseconds(10))
                                case .denied:
                                    return (admitted, [])
                                case .unavailable(let reason):
                                    return (admitted, ["\(id): the store was unavailable: \(reason)"])
                                }
                            }
                        }
                    }
                }
                var total = 0
                var problems: [String] = []
                for await (n, p) in group {
                    total += n
                    problems += p
                }
                return (total, problems)
            }
            for governance in replicas { await governance.close() }  // flushes the holds' endings
            for stores in [storesA, storesB, storesC] { await stores.close() }

            #expect(problems.isEmpty, "\(problems.prefix(5))")
            #expect(admitted == 33, "floor(1 / 0.03) reservations fit the budget")
            let counters = try await Self.counters(place, .key(token))
            #expect(counters.count == 1, "one period, one counter")
            let counter = try #require(counters.first)
            #expect(abs(counter.spent - 0.99) < 1e-9, "spent \(counter.spent)")
            // The counter's `reserved` is a running sum of doubles (+0.03 then -0.03, 33 times over,
            // interleaved): it comes back to zero only up to rounding (4.4e-16 seen), well inside
            // the 1e-12 slack triage_budget_reserve allows. Nothing is held.
            #expect(abs(counter.reserved) < 1e-9, "reserved \(counter.reserved)")
            let holds = try await Self.count(place, "SELECT 1 FROM budget_holds")
            #expect(holds == 0, "every hold ended")
        }
    }

    // MARK: Rate limits

    /// Sixty requests at once on three replicas for a key allowed ten a minute: ten go, the
    /// rest are refused for their requests per minute with a time to retry.
    @Test func threeReplicasTogetherAdmitNoMoreThanAKeysRequestsPerMinute() async throws {
        try await StoreBackend.postgres.withPlace { place in
            let clock = ManualWallClock()
            let storesA = try await place.open()
            let governanceA = try await Governance(stores: storesA, clock: clock)
            var body = JSONObject()
            body["rpm_limit"] = .number(10)
            let key = try await Self.makeKey(governanceA, body)
            let storesB = try await place.open()
            let governanceB = try await Governance(stores: storesB, clock: clock)
            let storesC = try await place.open()
            let governanceC = try await Governance(stores: storesC, clock: clock)
            let replicas = [governanceA, governanceB, governanceC]

            let started = ContinuousClock.now
            let outcomes = await withTaskGroup(of: AdmissionDenial?.self) { group in
                for (r, governance) in replicas.enumerated() {
                    for t in 0..<20 {
                        group.addTask {
                            // Each replica's own copy of the key, as its request path would use.
                            guard let own = governance.findKey(key.token) else {
                                return .modelNotAllowed("replica \(r) does not know the key")
                            }
                            let result = await governance.admit(.key(own, nil), model: "cheap", requestID: "req-\(r)-\(t)",
                                                                promptTokenBound: 10, estimatedTokens: 10, requestedOutputTokens: 10)
                            switch result {
                            case .success(let (spend, _)):
                                spend.settle(status: 200)
                                await spend.committed()
                                return nil
                            case .failure(let denial):
                                return denial
                            }
                        }
                    }
                }
                var all: [AdmissionDenial?] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let elapsed = ContinuousClock.now - started
            for governance in replicas { await governance.close() }
            for stores in [storesA, storesB, storesC] { await stores.close() }

            #expect(elapsed < .seconds(50), "the burst fits one minute's window")
            #expect(outcomes.count == 60)
            #expect(outcomes.filter { $0 == nil }.count == 10, "the key's ten requests a minute, across all replicas")
            for denial in outcomes.compactMap({ $0 }) {
                guard case .rateLimited(let limited) = denial else {
                    Issue.record("refused for another reason: \(denial)")
                    continue
                }
                #expect(limited.limit == .requests)
                #expect(limited.cap == 10)
                #expect(limited.scope == .key(key.token))
                #expect(limited.retryAfter > .zero && limited.retryAfter <= .seconds(61), "retry after \(limited.retryAfter)")
            }
        }
    }

    /// Thirty requests at once on three replicas for a key allowed four in flight: four go;
    /// once they finish, a request goes again.
    @Test func threeReplicasTogetherKeepAKeysParallelRequestLimit() async throws {
        try await StoreBackend.postgres.withPlace { place in
            let clock = ManualWallClock()
            let storesA = try await place.open()
            let governanceA = try await Governance(stores: storesA, clock: clock)
            var body = JSONObject()
            body["max_parallel_requests"] = .number(4)
            let key = try await Self.makeKey(governanceA, body)
            let storesB = try await place.open()
            let governanceB = try await Governance(stores: storesB, clock: clock)
            let storesC = try await place.open()
            let governanceC = try await Governance(stores: storesC, clock: clock)
            let replicas = [governanceA, governanceB, governanceC]

            let outcomes = await withTaskGroup(of: Result<RequestSpend, AdmissionDenial>.self) { group in
                for (r, governance) in replicas.enumerated() {
                    for t in 0..<10 {
                        group.addTask {
                            guard let own = governance.findKey(key.token) else {
                                return .failure(.modelNotAllowed("replica \(r) does not know the key"))
                            }
                            // Not settled here: the admitted ones stay in flight.
                            return await governance.admit(.key(own, nil), model: "cheap", requestID: "req-\(r)-\(t)",
                                                          promptTokenBound: 10, estimatedTokens: 10, requestedOutputTokens: 10)
                                .map { $0.0 }
                        }
                    }
                }
                var all: [Result<RequestSpend, AdmissionDenial>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let spends = outcomes.compactMap { try? $0.get() }
            #expect(spends.count == 4, "four in flight across all replicas")
            for outcome in outcomes {
                guard case .failure(let denial) = outcome else { continue }
                guard case .rateLimited(let limited) = denial else {
                    Issue.record("refused for another reason: \(denial)")
                    continue
                }
                #expect(limited.limit == .parallel && limited.cap == 4 && limited.retryAfter > .zero)
            }
            let flying = try await Self.count(place, "SELECT 1 FROM rate_in_flight, generate_series(1, requests) WHERE scope = 'key:\(key.token)'")
            #expect(flying == 4, "the database counts four in flight")

            // Still full: one more is refused, whichever replica asks.
            let ownC = try #require(governanceC.findKey(key.token))
            let refused = await governanceC.admit(.key(ownC, nil), model: "cheap", requestID: "req-extra", promptTokenBound: 10,
                                                  estimatedTokens: 10, requestedOutputTokens: 10)
            #expect((try? refused.get()) == nil, "no fifth request while four are in flight")

            for spend in spends { spend.settle(status: 200) }
            for spend in spends { await spend.committed() }
            let left = try await Self.count(place, "SELECT 1 FROM rate_in_flight, generate_series(1, requests) WHERE scope = 'key:\(key.token)'")
            #expect(left == 0, "none in flight once they settled")
            for (r, governance) in replicas.enumerated() {
                let own = try #require(governance.findKey(key.token))
                let again = await governance.admit(.key(own, nil), model: "cheap", requestID: "req-after-\(r)", promptTokenBound: 10,
                                                   estimatedTokens: 10, requestedOutputTokens: 10)
                let spend = try? again.get().0
                #expect(spend != nil, "replica \(r) admits a request again once the four finished")
                spend?.settle(status: 200)
                await spend?.committed()
            }
            for governance in replicas { await governance.close() }
            for stores in [storesA, storesB, storesC] { await stores.close() }
        }
    }

    // MARK: Dead replicas

    /// Replica A holds $0.40 of a key's budget and dies without settling; replica B finds it
    /// dead and settles the reservation at its worst case, once.
    @Test func aDeadReplicasReservationsAreSettledByALiveOneAtTheirWorstCase() async throws {
        try await StoreBackend.postgres.withPlace { place in
            let clock = ManualWallClock()
            let storesA = try await place.open()
            let deadID = try Self.postgresStore(storesA).replicaID
            let governanceA = try await Governance(stores: storesA, clock: clock)
            var body = JSONObject()
            body["max_budget"] = .number(1)
            let key = try await Self.makeKey(governanceA, body)
            // As a request does: hold the worst case in the budget, then open the ledger row.
            let verdict = await governanceA.ledger.reserve(0.4, scopes: [.key(key.token)], request: "req-dead", sequence: 0, now: clock.now())
            guard case .reserved(let holds) = verdict, !holds.isEmpty else {
                Issue.record("the reservation was refused: \(verdict)")
                await governanceA.close()
                await storesA.close()
                return
            }
            let row = SpendRequestRow(requestID: "req-dead", time: clock.now(), keyToken: key.token, teamID: nil, model: "cheap",
                                      state: .reserved, reservedUSD: 0.4, costUSD: 0, promptTokens: 0, completionTokens: 0)
            try await governanceA.writer.commit(.open(row, SpendCharge(sequence: 0, time: clock.now(), group: "cheap", deployment: "sim-cheap",
                                                                       reservedUSD: 0.4)))
            // A stops without settling: its holds stay, and so does its replica row (close only
            // leaves the replicas when nothing is held).
            await governanceA.close()
            await storesA.close()
            let stillListed = try await Self.count(place, "SELECT 1 FROM replicas WHERE id = '\(deadID)'")
            #expect(stillListed == 1, "a replica holding reservations stays listed")

            // Replica B: a bare store, so no refresh loop of its own recovers A first.
            let storesB = try await place.open()
            let storeB = try Self.postgresStore(storesB)
            #expect(storeB.replicaID != deadID)
            let whileAlive = try await storeB.recoverDeadReplicas(now: clock.now())
            #expect(whileAlive == 0, "a replica whose heartbeat is recent is not dead")
            let heldCounter = try await Self.counters(place, .key(key.token))
            #expect(heldCounter.map(\.reserved) == [0.4] && heldCounter.map(\.spent) == [0], "the hold is untouched meanwhile")

            try await place.execute("UPDATE replicas SET heartbeat = 0 WHERE id = '\(deadID)'")
            clock.advance(seconds: 30)
            let now = clock.now()
            let recovered = try await storeB.recoverDeadReplicas(now: now)
            #expect(recovered == 1, "A's one open request")

            let counters = try await Self.counters(place, .key(key.token))
            #expect(counters.count == 1)
            let counter = try #require(counters.first)
            #expect(abs(counter.spent - 0.4) < 1e-12, "the worst case is spent: spent \(counter.spent)")
            #expect(counter.reserved == 0)
            let holdsLeft = try await Self.count(place, "SELECT 1 FROM budget_holds")
            #expect(holdsLeft == 0)
            let listed = try await Self.count(place, "SELECT 1 FROM replicas WHERE id = '\(deadID)'")
            #expect(listed == 0, "the dead replica is gone from the list")

            let rows = try await storesB.governance.requests(from: nil, to: nil, keyToken: key.token, teamID: nil, limit: 10)
            #expect(rows.map(\.requestID) == ["req-dead"])
            #expect(rows.map(\.state) == [.recovered])
            #expect(rows.first?.costUSD == 0.4)
            #expect(rows.first?.settledAt == now)
            let spent = try await storesB.governance.spent(.key(key.token), since: .distantPast)
            #expect(spent == 0.4, "the ledger bills the recovered request")

            let again = try await storeB.recoverDeadReplicas(now: clock.now())
            #expect(again == 0, "recovered once")
            let afterAgain = try await Self.counters(place, .key(key.token))
            #expect(afterAgain.map(\.spent) == counters.map(\.spent), "a second pass spends nothing more")
            await storesB.close()
        }
    }
}
