import Foundation
import PostgresNIO

/// The calls that make budgets and rate limits exact across replicas: each is one round trip
/// to one of `PostgresSharedSchema`'s functions, within the operation timeout.
extension PostgresGovernanceStore: SharedGovernanceStore {
    var refreshInterval: Duration { database.settings.refreshInterval }
    var isReachable: Bool { database.reachability.isUp }

    func reserveBudget(_ amount: Double, caps: [BudgetCap], request: String, sequence: Int) async throws(StoreError) -> SharedBudgetVerdict {
        let (scopes, starts, limits) = (caps.map(\.scope), caps.map { $0.periodStart.timeIntervalSince1970 }, caps.map(\.capUSD))
        let replica = replicaID
        let (verdict, states) = try await database.guarded("reserve \(amount) USD") { client in
            let rows = try await client.query("""
                SELECT verdict, states FROM triage_budget_reserve(\(request), \(sequence), \(replica), \(scopes), \(starts), \(limits), \(amount))
                """)
            for try await (verdict, states) in rows.decode(([Double], [Double]).self) { return (verdict, states) }
            return ([Double](), [Double]())
        }
        guard verdict.count == 4 else { throw StoreError("an unexpected answer", context: "reserve a budget") }
        let index = Int(verdict[1]) - 1
        let counter = SharedBudgetVerdict.Counter(spent: verdict[2], reserved: verdict[3])
        switch verdict[0] {
        case 0:
            let counters = stride(from: 0, to: states.count - 1, by: 2).map { SharedBudgetVerdict.Counter(spent: states[$0], reserved: states[$0 + 1]) }
            return .reserved(counters)
        case 1: return .wait(index: index, counter)
        default: return .denied(index: index, counter)
        }
    }

    func seedBudget(scope: String, periodStart: Date, spent: Double) async throws(StoreError) -> (spent: Double, reserved: Double) {
        let start = periodStart.timeIntervalSince1970
        return try await database.run("read the budget counter of \(scope)") { client in
            try await client.query("""
                INSERT INTO budget_counters (scope, period_start, spent, reserved) VALUES (\(scope), \(start), \(spent), 0)
                ON CONFLICT DO NOTHING
                """)
            let rows = try await client.query("SELECT spent, reserved FROM budget_counters WHERE scope = \(scope) AND period_start = \(start)")
            for try await (spent, reserved) in rows.decode((Double, Double).self) { return (spent, reserved) }
            return (spent, 0)
        }
    }

    func admitRate(scopes: [String], limits: [UsageLimits], tokens: Int, window: Duration) async throws(StoreError) -> SharedRateVerdict {
        let windowMS = Int64(window.components.seconds * 1000 + window.components.attoseconds / 1_000_000_000_000_000)
        // Sixty buckets per window: a minute's window counts in seconds.
        let bucketMS = max(1, windowMS / 60)
        let rpm = limits.map { Int64($0.rpm ?? -1) }
        let tpm = limits.map { Int64($0.tpm ?? -1) }
        let parallel = limits.map { Int64($0.maxParallelRequests ?? -1) }
        let (replica, estimate) = (replicaID, Int64(tokens))
        let answer = try await database.guarded("check rate limits") { client in
            let rows = try await client.query("""
                SELECT triage_rate_admit(\(replica), \(scopes), \(rpm), \(tpm), \(parallel), \(estimate), \(windowMS), \(bucketMS))
                """)
            for try await values in rows.decode([Int64].self) { return values }
            return []
        }
        guard answer.count >= 3 else { throw StoreError("an unexpected answer", context: "check rate limits") }
        guard answer[0] == 0 else {
            let limit: RateLimitDenial.Limit = answer[0] == 1 ? .parallel : answer[0] == 2 ? .requests : .tokens
            return .refused(index: Int(answer[1]) - 1, limit: limit, retryAfterMS: Int(answer[2]))
        }
        let windows = stride(from: 3, to: answer.count - 3, by: 4).map {
            SharedRateVerdict.Window(requests: Int(answer[$0]), tokens: Int(answer[$0 + 1]), inFlight: Int(answer[$0 + 2]), oldestBucket: answer[$0 + 3])
        }
        return .admitted(bucket: answer[1], nowMS: answer[2], scopes: windows)
    }

    /// Heartbeats are the database's time, so replicas' clocks need not agree.
    func heartbeat() async throws(StoreError) {
        let (id, host) = (replicaID, Self.host)
        try await database.guarded("beat the replica's heartbeat", probe: true) { client in
            try await client.query("""
                INSERT INTO replicas (id, host, started, heartbeat)
                VALUES (\(id), \(host), extract(epoch FROM clock_timestamp()), extract(epoch FROM clock_timestamp()))
                ON CONFLICT (id) DO UPDATE SET heartbeat = EXCLUDED.heartbeat
                """)
        }
    }

    func recoverDeadReplicas(now: Date) async throws(StoreError) -> Int {
        let timeout = Double(database.settings.replicaTimeout.components.seconds)
            + Double(database.settings.replicaTimeout.components.attoseconds) / 1e18
        let time = now.timeIntervalSince1970
        return try await database.guarded("recover dead replicas") { client in
            var dead: [(String, Double)] = []
            let rows = try await client.query("""
                SELECT id, extract(epoch FROM clock_timestamp())::double precision - \(timeout) FROM replicas
                WHERE heartbeat < extract(epoch FROM clock_timestamp()) - \(timeout)
                """)
            for try await (id, stale) in rows.decode((String, Double).self) { dead.append((id, stale)) }
            var recovered = 0
            for (id, stale) in dead {
                for try await count in try await client.query("SELECT triage_recover_replica(\(id), \(stale), \(time))").decode(Int.self) {
                    recovered += max(0, count)
                }
            }
            return recovered
        }
    }

    func deregister() async {
        let id = replicaID
        _ = try? await database.guarded("leave the replicas") { client in
            try await client.query("DELETE FROM replicas WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM budget_holds WHERE replica = \(id))")
        }
    }

    func directoryVersion() async throws(StoreError) -> Int {
        try await database.guarded("read the directory's version") { client in
            for try await version in try await client.query("SELECT version FROM directory_version WHERE id = 1").decode(Int.self) { return version }
            return 0
        }
    }

    /// The shared counters' part of a ledger batch: holds ended, unheld spend, rate windows
    /// finished, each as one statement so its locks are taken in scope order.
    func sharedQueries(_ writes: [LedgerWrite]) -> [PostgresQuery] {
        var endings: [HoldEnding] = []
        var unheld: [UnheldSpend] = []
        var finishes: [RateFinish] = []
        for write in writes {
            switch write {
            case .endHolds(let e): endings += e
            case .addSpend(let s): unheld += s
            case .finishRates(let f): finishes += f
            case .open, .reserve, .settle: break
            }
        }
        var queries: [PostgresQuery] = []
        if !endings.isEmpty {
            let (requests, sequences, costs) = (endings.map(\.requestID), endings.map(\.sequence), endings.map(\.costUSD))
            queries.append("SELECT triage_budget_settle(\(requests), \(sequences), \(costs))")
        }
        if !unheld.isEmpty {
            let sorted = unheld.sorted { ($0.scope, $0.periodStart) < ($1.scope, $1.periodStart) }
            let (scopes, starts, costs) = (sorted.map(\.scope), sorted.map { $0.periodStart.timeIntervalSince1970 }, sorted.map(\.costUSD))
            queries.append("""
                INSERT INTO budget_counters (scope, period_start, spent, reserved)
                SELECT s, t, sum(c), 0 FROM unnest(\(scopes)::text[], \(starts)::double precision[], \(costs)::double precision[]) AS u(s, t, c)
                GROUP BY s, t ORDER BY s COLLATE "C"
                ON CONFLICT (scope, period_start) DO UPDATE SET spent = budget_counters.spent + EXCLUDED.spent
                """)
        }
        if !finishes.isEmpty {
            let scopes = finishes.flatMap(\.scopes)
            let buckets = finishes.flatMap { f in f.scopes.map { _ in f.bucket } }
            let changes = finishes.flatMap { f in f.scopes.map { _ in Int64(f.tokenChange) } }
            queries.append("SELECT triage_rate_finish(\(replicaID), \(scopes), \(buckets), \(changes))")
        }
        return queries
    }

    static let host = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier)
}
