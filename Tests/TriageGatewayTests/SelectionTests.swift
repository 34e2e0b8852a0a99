import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageCore
@testable import TriageGateway
import TriageSchema

/// Selection strategies (`DeploymentSelector` directly and through the executor) and sticky
/// affinity.
@Suite struct SelectionTests {
    typealias F = ResilienceFixture

    static func pick(
        _ candidates: [Deployment], _ strategy: SelectionStrategy, health: [String: DeploymentHealth] = [:], streaming: Bool = false,
        tokens: (Int, Int) = (100, 100), using generator: inout SplitMix64
    ) -> String? {
        DeploymentSelector.choose(candidates, strategy: strategy, health: health, streaming: streaming, tokens: tokens, using: &generator)?.id
    }

    static func counts(_ n: Int, seed: UInt64, _ choose: (inout SplitMix64) -> String?) -> [String: Int] {
        var generator = SplitMix64(seed: seed)
        var counts: [String: Int] = [:]
        for _ in 0..<n { counts[choose(&generator) ?? "none", default: 0] += 1 }
        return counts
    }

    // MARK: Weighted

    @Test func weightedProportionsFollowTheWeights() {
        let ds = [F.sim("w1", weight: 1), F.sim("w2", weight: 2), F.sim("w7", weight: 7)]
        let n = 4000
        let counts = Self.counts(n, seed: 42) { Self.pick(ds, .weighted, using: &$0) }
        for (id, expected) in [("w1", 0.1), ("w2", 0.2), ("w7", 0.7)] {
            let share = Double(counts[id] ?? 0) / Double(n)
            #expect(abs(share - expected) < 0.03, "\(id): \(share) vs \(expected)")
        }
    }

    @Test func weightedThroughTheExecutor() async throws {
        let executor = F.executor(clock: ManualClock(), seed: 8)
        let group = F.group("g", [F.sim("we-1", latencyMs: 0, weight: 1, outputTokens: 1), F.sim("we-3", latencyMs: 0, weight: 3, outputTokens: 1)],
                            strategy: .weighted)
        var counts: [String: Int] = [:]
        for _ in 0..<200 {
            counts[try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group])).deployment.id, default: 0] += 1
        }
        let share = Double(counts["we-3"] ?? 0) / 200
        #expect(abs(share - 0.75) < 0.1, "\(counts)")
    }

    // MARK: Least busy

    @Test func leastBusyPicksTheFewestInFlight() {
        let registry = HealthRegistry(clock: ManualClock())
        let ds = [F.sim("lb-a"), F.sim("lb-b"), F.sim("lb-c")]
        for (d, n) in zip(ds, [2, 1, 0]) { for _ in 0..<n { #expect(registry.begin(d, tokens: 1)) } }
        var health: [String: DeploymentHealth] { Dictionary(uniqueKeysWithValues: ds.map { ($0.id, registry.health(of: $0.id)) }) }
        #expect(Self.counts(50, seed: 1) { Self.pick(ds, .leastBusy, health: health, using: &$0) } == ["lb-c": 50])
        for _ in 0..<2 { #expect(registry.begin(ds[2], tokens: 1)) }  // c: 2 in flight, b: 1
        #expect(Self.counts(50, seed: 2) { Self.pick(ds, .leastBusy, health: health, using: &$0) } == ["lb-b": 50])
        // Ties share at random.
        registry.finish(ds[0], .cancelled, policy: .never, soleDeployment: false)  // a: 1, b: 1, c: 2
        let tied = Self.counts(200, seed: 3) { Self.pick(ds, .leastBusy, health: health, using: &$0) }
        #expect(tied["lb-c"] == nil && (tied["lb-a"] ?? 0) > 50 && (tied["lb-b"] ?? 0) > 50, "\(tied)")
    }

    /// Requests held in flight by other callers push new ones to the idle deployment.
    @Test func leastBusyAvoidsADeploymentHeldInFlight() async throws {
        let executor = F.executor(clock: ManualClock(), seed: 4)
        let busy = F.sim("lbx-busy")
        let group = F.group("g", [busy, F.sim("lbx-idle")], strategy: .leastBusy)
        #expect(executor.health.begin(busy, tokens: 1))
        for _ in 0..<10 {
            #expect(try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group])).deployment.id == "lbx-idle")
        }
    }

    /// Overlapping requests spread evenly: each new one goes where fewer are running. The
    /// upstreams take ten seconds; once all four requests are placed they are cancelled.
    @Test func leastBusyUnderConcurrentRequests() async throws {
        let executor = F.executor(seed: 6)
        let group = F.group("g", [F.sim("lbc-a", latencyMs: 10_000, timeouts: Timeouts(total: .seconds(30), attempt: .seconds(20), ttft: .seconds(20))),
                                  F.sim("lbc-b", latencyMs: 10_000, timeouts: Timeouts(total: .seconds(30), attempt: .seconds(20), ttft: .seconds(20)))],
                            strategy: .leastBusy, retry: .none)
        let config = GatewayConfig(modelGroups: [group])
        let load = { (executor.health.health(of: "lbc-a").inFlight, executor.health.health(of: "lbc-b").inFlight) }
        await withTaskGroup(of: Void.self) { tasks in
            for n in 1...4 {
                tasks.addTask { _ = try? await executor.complete(try F.request(), group: group, config: config) }
                #expect(await F.eventually { load().0 + load().1 == n }, "request \(n) started")
            }
            #expect(load() == (2, 2), "\(load())")
            tasks.cancelAll()
        }
        #expect(load() == (0, 0), "cancelled attempts are released")
    }

    // MARK: Latency

    @Test func latencyPicksTheLowestAverageAndJudgesStreamsByTTFT() {
        let ds = [F.sim("lat-a"), F.sim("lat-b")]
        var a = DeploymentHealth(), b = DeploymentHealth()
        a.latency = 0.200; a.timeToFirstToken = 0.010
        b.latency = 0.050; b.timeToFirstToken = 0.100
        let health = ["lat-a": a, "lat-b": b]
        // One pick in twenty explores at random (DeploymentSelector.explorationShare).
        #expect(Self.counts(200, seed: 1) { Self.pick(ds, .latency, health: health, using: &$0) }["lat-b", default: 0] >= 180)
        #expect(Self.counts(200, seed: 1) { Self.pick(ds, .latency, health: health, streaming: true, using: &$0) }["lat-a", default: 0] >= 180)
        // A deployment never measured is tried first.
        #expect(Self.counts(200, seed: 1) { Self.pick(ds + [F.sim("lat-new")], .latency, health: health, using: &$0) }["lat-new", default: 0] >= 180)
        // Within 20 %: a tie, shared.
        var c = DeploymentHealth()
        c.latency = 0.052
        let near = Self.counts(200, seed: 2) { Self.pick(ds, .latency, health: ["lat-a": c, "lat-b": b], using: &$0) }
        #expect((near["lat-a"] ?? 0) > 50 && (near["lat-b"] ?? 0) > 50, "\(near)")
    }

    /// Real latencies (2 ms against 60 ms): after the first requests measure both, the fast
    /// one takes the load.
    ///
    /// The strategy judges each deployment by its moving average and never re-measures one it
    /// stopped picking, so a first sample of the fast deployment inflated by a stalled machine
    /// (the whole suite starting at once) would lock it out. Such a run says nothing about the
    /// strategy and is started again on a fresh registry; a few tries are allowed.
    @Test func latencyStrategyShiftsLoadToTheFasterDeployment() async throws {
        let group = F.group("g", [F.sim("lat-slow", latencyMs: 60), F.sim("lat-fast", latencyMs: 2)], strategy: .latency, retry: .none)
        for run in 1...5 {
            let executor = F.executor(seed: 12)
            var picks: [String] = []
            func request() async throws {
                picks.append(try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group])).deployment.id)
            }
            try await request()
            try await request()
            #expect(Set(picks) == ["lat-slow", "lat-fast"], "each unmeasured deployment is tried once: \(picks)")
            let fast = try #require(executor.health.health(of: "lat-fast").latency)
            let slow = try #require(executor.health.health(of: "lat-slow").latency)
            guard fast < slow else { continue }  // the machine, not the deployment, was slow
            for _ in 0..<10 { try await request() }
            let later = picks.dropFirst(5)
            #expect(later.filter { $0 == "lat-fast" }.count >= later.count - 1, "run \(run): \(picks)")
            return
        }
        Issue.record("every run measured the 2 ms deployment slower than the 60 ms one")
    }

    // MARK: Cost

    @Test func costPicksTheCheapestForTheRequestsTokens() {
        let mini = F.sim("cost-mini", price: Price(inputPerMillion: 0.15, outputPerMillion: 0.60))
        let big = F.sim("cost-big", price: Price(inputPerMillion: 2.50, outputPerMillion: 10))
        let flat = F.sim("cost-flat", price: Price(inputPerMillion: 1, outputPerMillion: 1))
        #expect(Self.counts(30, seed: 1) { Self.pick([big, flat, mini], .cost, using: &$0) } == ["cost-mini": 30])
        // Which is cheapest depends on the mix of input and output tokens.
        let readsCheap = F.sim("cost-reads", price: Price(inputPerMillion: 0.1, outputPerMillion: 10))
        let writesCheap = F.sim("cost-writes", price: Price(inputPerMillion: 10, outputPerMillion: 0.1))
        #expect(Self.counts(20, seed: 1) { Self.pick([writesCheap, readsCheap], .cost, tokens: (10_000, 10), using: &$0) } == ["cost-reads": 20])
        #expect(Self.counts(20, seed: 1) { Self.pick([writesCheap, readsCheap], .cost, tokens: (10, 10_000), using: &$0) } == ["cost-writes": 20])
    }

    @Test func costStrategyThroughTheExecutor() async throws {
        let executor = F.executor(clock: ManualClock())
        let group = F.group("g", [F.sim("ce-big", price: Price(inputPerMillion: 2.5, outputPerMillion: 10)),
                                  F.sim("ce-mini", price: Price(inputPerMillion: 0.15, outputPerMillion: 0.6))], strategy: .cost)
        for _ in 0..<5 {
            #expect(try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group])).deployment.id == "ce-mini")
        }
    }

    // MARK: Priority

    @Test func priorityUsesTheLowestValueAndTiesByWeight() {
        let ds = [F.sim("pr-backup", weight: 100, priority: 1), F.sim("pr-a", weight: 1, priority: 0), F.sim("pr-b", weight: 3, priority: 0)]
        let counts = Self.counts(2000, seed: 5) { Self.pick(ds, .priority, using: &$0) }
        #expect(counts["pr-backup"] == nil)
        let share = Double(counts["pr-b"] ?? 0) / 2000
        #expect(abs(share - 0.75) < 0.04, "\(counts)")
    }

    @Test func priorityServesFromTheNextWhileTheFirstIsForcedDown() async throws {
        let executor = F.executor(clock: ManualClock())
        let group = F.group("g", [F.sim("pe-2", priority: 2), F.sim("pe-0", priority: 0), F.sim("pe-1", priority: 1)], strategy: .priority)
        let config = GatewayConfig(modelGroups: [group])
        func served() async throws -> String { try await executor.complete(try F.request(), group: group, config: config).deployment.id }
        #expect(try await served() == "pe-0")
        executor.health.setOverride("pe-0", .down)
        #expect(try await served() == "pe-1")
        executor.health.setOverride("pe-1", .down)
        #expect(try await served() == "pe-2")
        executor.health.setOverride("pe-0", .auto)
        #expect(try await served() == "pe-0", "back as soon as it is healthy")
        #expect(F.attempts(executor, "g", "pe-1") == 1)
    }

    /// Every deployment forced down: nothing in rotation, a 503, and no call.
    @Test func nothingInRotationIsA503() async throws {
        let executor = F.executor(clock: ManualClock())
        let group = F.group("g", [F.sim("down-a"), F.sim("down-b")])
        executor.health.setOverride("down-a", .down)
        executor.health.setOverride("down-b", .down)
        let failure = await #expect(throws: ExecutionFailure.self) {
            try await executor.complete(try F.request(), group: group, config: GatewayConfig(modelGroups: [group]))
        }
        #expect(failure?.kind == .serviceUnavailable)
        #expect(F.attempts(executor, "g", "down-a") == 0 && F.attempts(executor, "g", "down-b") == 0)
    }

    // MARK: Sticky affinity

    static let stickyDeployments = [F.sim("st-1"), F.sim("st-2"), F.sim("st-3")]

    @Test func aUserKeepsTheirDeploymentUntilItGoesDown() async throws {
        let executor = F.executor(clock: ManualClock(), seed: 21)
        let group = F.group("g", Self.stickyDeployments, strategy: .weighted, sticky: true)
        let config = GatewayConfig(modelGroups: [group])
        func served(_ user: String) async throws -> String {
            try await executor.complete(try F.request(user: user), group: group, config: config).deployment.id
        }
        let home = try await served("alice")
        for _ in 0..<10 { #expect(try await served("alice") == home) }
        executor.health.setOverride(home, .down)
        let moved = try await served("alice")
        #expect(moved != home)
        executor.health.setOverride(home, .auto)
        for _ in 0..<5 { #expect(try await served("alice") == moved, "a user who moved stays where they moved") }
    }

    @Test func withoutStickinessTheSameUserSpreads() async throws {
        let executor = F.executor(clock: ManualClock(), seed: 21)
        let group = F.group("g", Self.stickyDeployments, strategy: .weighted, sticky: false)
        var seen: Set<String> = []
        for _ in 0..<20 {
            seen.insert(try await executor.complete(try F.request(user: "alice"), group: group, config: GatewayConfig(modelGroups: [group])).deployment.id)
        }
        #expect(seen.count > 1)
    }

    @Test func theUserHeaderIsStickyThroughTheApp() async throws {
        let group = F.group("g", Self.stickyDeployments, strategy: .weighted, sticky: true)
        let app = try await GatewayApplication.build(config: GatewayConfig(modelGroups: [group]), port: 0, health: HealthRegistry(clock: ManualClock()), random: RandomSource(seed: 2))
        try await app.test(.router) { client in
            var models: [String: Set<String>] = [:]
            for n in 0..<24 {
                let user = ["bob", "carol", "dave"][n % 3]
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [TriageHeaders.user: user],
                                         body: ByteBuffer(string: #"{"model":"g","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                    #expect(response.status == .ok)
                    models[user, default: []].insert(response.headers[TriageHeaders.model] ?? "")
                }
            }
            #expect(models.values.allSatisfy { $0.count == 1 }, "\(models)")
        }
    }

    /// A user who talks to two model groups keeps a deployment in each: the conversation in one
    /// group must not lose its deployment (and its prompt cache) because the user also used the other.
    @Test func stickinessIsKeptPerGroup() async throws {
        let executor = F.executor(clock: ManualClock(), seed: 31)
        let chat = F.group("chat", [F.sim("spg-c1"), F.sim("spg-c2"), F.sim("spg-c3")], strategy: .weighted, sticky: true)
        let code = F.group("code", [F.sim("spg-k1"), F.sim("spg-k2"), F.sim("spg-k3")], strategy: .weighted, sticky: true)
        let config = GatewayConfig(modelGroups: [chat, code])
        var chatPicks: Set<String> = [], codePicks: Set<String> = []
        for _ in 0..<12 {
            chatPicks.insert(try await executor.complete(try F.request(model: "chat", user: "erin"), group: chat, config: config).deployment.id)
            codePicks.insert(try await executor.complete(try F.request(model: "code", user: "erin"), group: code, config: config).deployment.id)
        }
        do {
            #expect(chatPicks.count == 1, "\(chatPicks)")
            #expect(codePicks.count == 1, "\(codePicks)")
        }
    }
}
