import Foundation
import Testing
import TriageCore
import TriageSchema
@testable import TriageGateway

/// The pieces under the admin API: the digest keys are stored as, budget periods, the ledger's
/// reserve-and-settle arithmetic, the rate-limit windows, and crash recovery in the store.
@Suite struct GovernanceUnitTests {
    @Test("SHA-256 matches FIPS 180-4's published vectors")
    func sha256Vectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        // 55 and 56 bytes straddle the padding boundary (one block or two).
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test func keySecretsAreLongDistinctAndPreviewedByTheirEnd() {
        let a = KeySecret.generate(), b = KeySecret.generate()
        #expect(a.hasPrefix("sk-triage-") && a.count == 53 && a != b)
        #expect(a.dropFirst(10).allSatisfy { $0.isLetter || $0.isNumber })
        #expect(KeySecret.preview(of: a) == "sk-triage-…" + a.suffix(4))
        #expect(KeySecret.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!KeySecret.constantTimeEqual(Array("abd".utf8), Array("abc".utf8)))
        #expect(!KeySecret.constantTimeEqual(Array("ab".utf8), Array("abc".utf8)))
        // Lengths differing by a multiple of 256 must not fold to equal.
        #expect(!KeySecret.constantTimeEqual(Array(("abc" + String(repeating: "\u{0}", count: 256)).utf8), Array("abc".utf8)))
    }

    @Test func budgetDurationsParseAndPrint() {
        #expect(BudgetDuration(parsing: "30s")?.seconds == 30)
        #expect(BudgetDuration(parsing: "15m")?.seconds == 900)
        #expect(BudgetDuration(parsing: "1h")?.seconds == 3_600)
        #expect(BudgetDuration(parsing: "30d")?.seconds == 2_592_000)
        for bad in ["", "d", "0d", "-1h", "1w", "1.5h", "h1", "99999999999999999999d", "36501d", "504782087699d"] { #expect(BudgetDuration(parsing: bad) == nil, "\(bad)") }
        #expect(BudgetDuration(parsing: "36500d")?.seconds == BudgetDuration.maxSeconds, "100 years, the longest")
        #expect(BudgetDuration(parsing: "3600s")?.description == "1h")
        #expect(BudgetDuration(parsing: "90s")?.description == "90s")
    }

    @Test func periodsAreBackToBackFromTheAnchor() {
        let anchor = Date(timeIntervalSince1970: 1_000)
        let hour = BudgetDuration(parsing: "1h")
        let p = BudgetPeriod(containing: Date(timeIntervalSince1970: 1_000 + 7_300), anchor: anchor, duration: hour)
        #expect(p.start == Date(timeIntervalSince1970: 1_000 + 7_200) && p.end == Date(timeIntervalSince1970: 1_000 + 10_800))
        let edge = BudgetPeriod(containing: Date(timeIntervalSince1970: 1_000 + 3_600), anchor: anchor, duration: hour)
        #expect(edge.start == Date(timeIntervalSince1970: 4_600), "a period's end is the next one's start")
        #expect(BudgetPeriod(containing: Date(), anchor: anchor, duration: nil).end == nil)
    }

    /// Eight threads reserve worst cases and settle below them, thousands of times: the spent
    /// total never passes the cap, and it stops less than one worst case short of it.
    @Test func concurrentReservationsNeverOverspend() async {
        let ledger = BudgetLedger { _, _ in 0 }
        let now = Date(timeIntervalSince1970: 0)
        await ledger.setBudget(Budget(maxUSD: 1.0), anchor: now, for: .proxy, now: now)
        let worst = 0.003
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var g = SplitMix64(seed: UInt64(thread + 1))
            for _ in 0..<2_000 {
                guard case .reserved(let holds) = ledger.reserve(worst, scopes: [.proxy], now: now) else { continue }
                let billed = worst * Double(g.next() % 1000) / 1000
                ledger.settle(holds, costs: holds.map { _ in billed }, now: now)
            }
        }
        let state = ledger.state(of: .proxy, now: now)
        #expect(state?.reserved ?? 1 < 1e-9)
        #expect((state?.spent ?? 2) <= 1.0 + 1e-9)
        #expect((state?.spent ?? 0) > 1.0 - worst, "\(state?.spent ?? 0)")
    }

    @Test func onlyReservationsInTheWaySaysWaitAndSpentMoneySaysNo() async {
        let ledger = BudgetLedger { _, _ in 0 }
        let now = Date(timeIntervalSince1970: 0)
        await ledger.setBudget(Budget(maxUSD: 1.0, duration: BudgetDuration(parsing: "1h")), anchor: now, for: .key("k"), now: now)
        guard case .reserved(let first) = ledger.reserve(0.6, scopes: [.proxy, .key("k")], now: now) else {
            Issue.record("the first reservation fits")
            return
        }
        #expect(first.count == 1, "scopes without a budget hold nothing")
        guard case .wait(let held) = ledger.reserve(0.6, scopes: [.key("k")], now: now) else {
            Issue.record("only a reservation is in the way")
            return
        }
        #expect(held.reservedUSD == 0.6 && held.spentUSD == 0)
        ledger.settle(first, costs: [0.5], now: now)
        guard case .denied(let denial) = ledger.reserve(0.6, scopes: [.key("k")], now: now) else {
            Issue.record("0.5 spent + 0.6 exceeds 1.0")
            return
        }
        #expect(denial.scope == .key("k") && denial.spentUSD == 0.5 && denial.resetsAt == Date(timeIntervalSince1970: 3_600))
        #expect(denial.message.contains("resets at 1970-01-01T01:00:00Z"), "\(denial.message)")
        // The next period starts with nothing spent.
        guard case .reserved = ledger.reserve(0.6, scopes: [.key("k")], now: Date(timeIntervalSince1970: 3_600)) else {
            Issue.record("a new period has room")
            return
        }
    }

    @Test func limiterCountsRequestsTokensAndParallelRequests() {
        let limiter = UsageLimiter()
        let t0 = Date(timeIntervalSince1970: 0)
        let limits = UsageLimits(rpm: 3, tpm: 1_000, maxParallelRequests: 2)
        let scope = GovernanceScope.key("k")
        guard case .success(let (a, status)) = limiter.admitNow([(scope, limits)], tokens: 400, now: t0) else { Issue.record("admit a"); return }
        #expect(status.requestsRemaining == 2 && status.tokensRemaining == 600)
        guard case .success(let (b, _)) = limiter.admitNow([(scope, limits)], tokens: 400, now: t0) else { Issue.record("admit b"); return }
        guard case .failure(let parallel) = limiter.admitNow([(scope, limits)], tokens: 1, now: t0) else { Issue.record("parallel"); return }
        #expect(parallel.limit == .parallel)
        limiter.finish(a, tokens: 100)  // settled well under its estimate: 500 tokens in the window now
        limiter.finish(b, tokens: 400)
        guard case .failure(let tokens) = limiter.admitNow([(scope, limits)], tokens: 600, now: t0.addingTimeInterval(10)) else { Issue.record("tpm"); return }
        #expect(tokens.limit == .tokens && tokens.retryAfter == .seconds(50), "\(tokens.retryAfter)")
        guard case .success(let (c, _)) = limiter.admitNow([(scope, limits)], tokens: 500, now: t0.addingTimeInterval(10)) else { Issue.record("c"); return }
        limiter.finish(c, tokens: 500)
        guard case .failure(let requests) = limiter.admitNow([(scope, limits)], tokens: 1, now: t0.addingTimeInterval(20)) else { Issue.record("rpm"); return }
        #expect(requests.limit == .requests && requests.retryAfter == .seconds(40))
        guard case .success = limiter.admitNow([(scope, limits)], tokens: 1, now: t0.addingTimeInterval(60.001)) else {
            Issue.record("the window moved on")
            return
        }
    }

    /// A process that dies with a reservation open leaves it in the file; the next start
    /// settles it at its worst case and counts it against the budget.
    @Test func reservationsLeftByACrashAreSettledAtTheirWorstCase() async throws {
        let path = TemporaryDatabase.path("gov")
        defer { TemporaryDatabase.remove(path) }
        let clock = ManualWallClock()
        let first = try await Governance(path: path, clock: clock)
        var body = JSONObject()
        body["max_budget"] = .number(1)
        let (_, key) = try #require(try? await first.generate(KeyGenerateRequest(json: .object(body))))
        let row = SpendRequestRow(requestID: "req-crash", time: clock.now(), keyToken: key.token, teamID: nil, model: "cheap", state: .reserved,
                                  reservedUSD: 0.25, costUSD: 0, promptTokens: 0, completionTokens: 0)
        try await first.store.apply([.open(row, SpendCharge(sequence: 0, time: clock.now(), group: "cheap", deployment: "sim-cheap", reservedUSD: 0.25))])
        let second = try await Governance(path: path, clock: clock)
        #expect(second.recoveredRequests == 1)
        #expect(second.budgetState(.key(key.token))?.spent == 0.25)
        let logged = try await second.spendLogs(from: nil, to: nil, keyToken: key.token, teamID: nil, limit: 10)
        #expect(logged.map(\.state) == [.recovered] && logged.first?.costUSD == 0.25)
        #expect(second.keys.map(\.token) == [key.token], "keys survive a restart")
    }
}
