import Foundation
import Testing
import TriageSchema
@testable import TriageGateway

/// The spend ledger in either store: writes applied all or none, totals by scope and period,
/// logs and reports, crash recovery, and the group-commit writer each store hands out.
@Suite struct StoreLedgerTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    static let (keyA, keyB) = (String(repeating: "a", count: 64), String(repeating: "b", count: 64))

    static func row(_ id: String, at t: Double, key: String?, team: String?, model: String, state: SpendCharge.State,
                    reserved: Double, cost: Double, tokens: (Int, Int) = (0, 0), status: Int? = nil, settled: Double? = nil) -> SpendRequestRow {
        SpendRequestRow(requestID: id, time: t0.addingTimeInterval(t), keyToken: key, teamID: team, model: model, state: state,
                        reservedUSD: reserved, costUSD: cost, promptTokens: tokens.0, completionTokens: tokens.1, status: status,
                        settledAt: settled.map { t0.addingTimeInterval($0) })
    }

    static func charge(_ sequence: Int, at t: Double, group: String, reserved: Double, cost: Double = 0, state: SpendCharge.State = .reserved,
                       tokens: (Int, Int) = (0, 0)) -> SpendCharge {
        SpendCharge(sequence: sequence, time: t0.addingTimeInterval(t), group: group, deployment: "sim-\(group)", state: state,
                    reservedUSD: reserved, costUSD: cost, promptTokens: tokens.0, completionTokens: tokens.1)
    }

    /// Request A (key A, team T): a cheap attempt and a frontier one, reserved then settled.
    /// Request B (no key), a day later: settled without a reservation. Request C (key B):
    /// reserved, never settled (in flight, or left by a crash).
    static let settledA = row("req-a", at: 0, key: keyA, team: "t", model: "triage/auto", state: .settled, reserved: 0.8, cost: 0.30000000000000004,
                              tokens: (30, 70), status: 200, settled: 3)
    static func history() -> [[LedgerWrite]] {
        [
            [.open(row("req-a", at: 0, key: keyA, team: "t", model: "triage/auto", state: .reserved, reserved: 0.5, cost: 0),
                   charge(0, at: 0, group: "cheap", reserved: 0.5))],
            [.reserve(charge(1, at: 1, group: "frontier", reserved: 0.3), requestID: "req-a", reservedTotal: 0.8),
             .open(row("req-c", at: 2, key: keyB, team: nil, model: "frontier", state: .reserved, reserved: 0.4, cost: 0),
                   charge(0, at: 2, group: "frontier", reserved: 0.4))],
            [.settle(settledA, [charge(0, at: 0, group: "cheap", reserved: 0.5, cost: 0.1, state: .settled, tokens: (10, 20)),
                                charge(1, at: 1, group: "frontier", reserved: 0.3, cost: 0.2, state: .settled, tokens: (20, 50))])],
            [.settle(row("req-b", at: 86_400, key: nil, team: nil, model: "cheap", state: .settled, reserved: 0, cost: 0.05, tokens: (5, 5),
                         status: 200, settled: 86_401),
                     [charge(0, at: 86_400, group: "cheap", reserved: 0, cost: 0.05, state: .settled, tokens: (5, 5))])],
        ]
    }

    @Test(arguments: StoreBackend.allCases)
    func totalsLogsAndReportsAgreeWithWhatWasWritten(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let ledger = stores.governance
                for batch in Self.history() { try await ledger.apply(batch) }
                func spent(_ scope: GovernanceScope, since t: Double? = nil) async throws -> Double {
                    try await ledger.spent(scope, since: t.map { Self.t0.addingTimeInterval($0) } ?? .distantPast)
                }
                // Settled charges only: C's reservation is not spent.
                #expect(abs(try await spent(.proxy) - 0.35) < 1e-12)
                #expect(abs(try await spent(.model("cheap")) - 0.15) < 1e-12)
                #expect(try await spent(.model("frontier")) == 0.2)
                #expect(abs(try await spent(.key(Self.keyA)) - 0.3) < 1e-12)
                #expect(abs(try await spent(.team("t")) - 0.3) < 1e-12)
                #expect(try await spent(.key(Self.keyB)) == 0)
                #expect(try await spent(.proxy, since: 86_400) == 0.05, "a period starting later counts only what came later")

                let all = try await ledger.requests(from: nil, to: nil, keyToken: nil, teamID: nil, limit: 10)
                #expect(all.map(\.requestID) == ["req-b", "req-c", "req-a"], "newest first")
                #expect(all.last == Self.settledA, "every column as written")
                #expect(try await ledger.requests(from: nil, to: nil, keyToken: Self.keyA, teamID: nil, limit: 10).map(\.requestID) == ["req-a"])
                #expect(try await ledger.requests(from: nil, to: nil, keyToken: nil, teamID: "t", limit: 10).map(\.requestID) == ["req-a"])
                #expect(try await ledger.requests(from: nil, to: nil, keyToken: nil, teamID: nil, limit: 1).map(\.requestID) == ["req-b"])
                let firstDay = try await ledger.requests(from: Self.t0, to: Self.t0.addingTimeInterval(86_400), keyToken: nil, teamID: nil, limit: 10)
                #expect(firstDay.map(\.requestID) == ["req-c", "req-a"], "the end is exclusive")

                let byKey = try await ledger.report(.key, from: nil, to: nil)
                #expect(byKey.map(\.group) == [Self.keyA, nil, Self.keyB], "by spend, most first")
                #expect(byKey.map(\.requests) == [1, 1, 1] && byKey.map(\.promptTokens) == [30, 5, 0])
                let byModel = try await ledger.report(.model, from: nil, to: nil)
                #expect(byModel.map(\.group) == ["frontier", "cheap"] && byModel.map(\.requests) == [1, 2])
                #expect(byModel.map(\.completionTokens) == [50, 25])
                let byDay = try await ledger.report(.day, from: nil, to: nil)
                #expect(byDay.map(\.group) == ["2027-01-15", "2027-01-16"], "UTC days")
                let byTeam = try await ledger.report(.team, from: Self.t0.addingTimeInterval(86_000), to: nil)
                #expect(byTeam == [SpendReportRow(group: nil, spendUSD: 0.05, requests: 1, promptTokens: 5, completionTokens: 5)])
                for report in [byKey, byModel, byDay] {
                    #expect(abs(report.reduce(0) { $0 + $1.spendUSD } - 0.35) < 1e-12, "totals equal the rows")
                }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aBatchIsAllOrNothing(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let ledger = stores.governance
                try await ledger.apply(Self.history()[0])
                let fresh = Self.row("req-d", at: 5, key: nil, team: nil, model: "cheap", state: .settled, reserved: 0, cost: 1, status: 200, settled: 6)
                do throws(StoreError) {
                    // The second write opens req-a again, which exists: the whole batch fails.
                    try await ledger.apply([.settle(fresh, [Self.charge(0, at: 5, group: "cheap", reserved: 0, cost: 1, state: .settled)])]
                                           + Self.history()[0])
                    Issue.record("a duplicate open was accepted")
                } catch {
                    #expect(error.context.isEmpty == false)
                }
                #expect(try await ledger.requests(from: nil, to: nil, keyToken: nil, teamID: nil, limit: 10).map(\.requestID) == ["req-a"])
                #expect(try await ledger.spent(.proxy, since: .distantPast) == 0)
            }
        }
    }

    /// A crash leaves C reserved; the next start settles it at its worst case, once.
    @Test(arguments: StoreBackend.allCases)
    func openReservationsAreRecoveredAtTheirWorstCase(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                for batch in Self.history() { try await stores.governance.apply(batch) }
            }
            try await place.withStores { stores in
                let ledger = stores.governance
                let now = Self.t0.addingTimeInterval(100_000)
                #expect(try await ledger.recoverOpenReservations(at: now) == 1)
                let rows = try await ledger.requests(from: nil, to: nil, keyToken: Self.keyB, teamID: nil, limit: 10)
                #expect(rows.map(\.state) == [.recovered] && rows.first?.costUSD == 0.4 && rows.first?.settledAt == now)
                #expect(try await ledger.spent(.key(Self.keyB), since: .distantPast) == 0.4)
                #expect(try await ledger.requests(from: nil, to: nil, keyToken: Self.keyA, teamID: nil, limit: 1) == [Self.settledA],
                        "settled requests are left alone")
                #expect(try await ledger.recoverOpenReservations(at: now) == 0, "once")
            }
        }
    }

    /// The writer the request path uses: many writes at once all become durable, one bad
    /// write fails alone, and a closed writer refuses more.
    @Test(arguments: StoreBackend.allCases)
    func theGroupCommitterCommitsEveryWriteAndIsolatesABadOne(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let ledger = stores.governance
                try await ledger.apply(Self.history()[0])
                let committer = ledger.makeLedgerCommitter()
                let failures = await withTaskGroup(of: Bool.self) { group in
                    for i in 0..<200 {
                        group.addTask {
                            let write: LedgerWrite = i == 100
                                ? Self.history()[0][0]  // req-a is open already
                                : .settle(Self.row("req-\(i)", at: Double(i), key: nil, team: nil, model: "cheap", state: .settled, reserved: 0,
                                                   cost: 0.25, status: 200, settled: Double(i)),
                                          [Self.charge(0, at: Double(i), group: "cheap", reserved: 0, cost: 0.25, state: .settled)])
                            do throws(StoreError) {
                                try await committer.commit(write)
                                return false
                            } catch {
                                return true
                            }
                        }
                    }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(failures == 1)
                #expect(try await ledger.spent(.proxy, since: .distantPast) == 199 * 0.25)
                await committer.close()
                do throws(StoreError) {
                    try await committer.commit(Self.history()[3][0])
                    Issue.record("a closed writer took a write")
                } catch {
                    #expect(error.message == "the ledger is closed")
                }
            }
        }
    }

    /// Governance over the store, across a restart: keys come back, a crash's reservation is
    /// settled and counted against the key's budget.
    @Test(arguments: StoreBackend.allCases)
    func governanceRecoversACrashAcrossARestart(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let clock = ManualWallClock()
            let token: String = try await place.withStores { stores in
                let governance = try await Governance(stores: stores, clock: clock)
                var body = JSONObject()
                body["max_budget"] = .number(1)
                let (_, key) = try #require(try? await governance.generate(KeyGenerateRequest(json: .object(body))))
                // As a request does: hold the worst case in the budget, then open the ledger row.
                guard case .reserved = await governance.ledger.reserve(0.25, scopes: [.key(key.token)], request: "req-crash", sequence: 0,
                                                                       now: clock.now())
                else { Issue.record("the reservation was refused"); return key.token }
                let row = SpendRequestRow(requestID: "req-crash", time: clock.now(), keyToken: key.token, teamID: nil, model: "cheap",
                                          state: .reserved, reservedUSD: 0.25, costUSD: 0, promptTokens: 0, completionTokens: 0)
                try await governance.writer.commit(.open(row, SpendCharge(sequence: 0, time: clock.now(), group: "cheap", deployment: "sim-cheap", reservedUSD: 0.25)))
                await governance.close()
                return key.token
            }
            // PostgreSQL: the replica that held it stopped beating its heartbeat long ago.
            if backend == .postgres { try await place.execute("UPDATE replicas SET heartbeat = 0") }
            try await place.withStores { stores in
                let governance = try await Governance(stores: stores, clock: clock)
                #expect(governance.recoveredRequests == 1)
                #expect(governance.budgetState(.key(token))?.spent == 0.25)
                #expect(governance.keys.map(\.token) == [token], "keys survive a restart")
                await governance.close()
            }
        }
    }
}
