import Foundation
import Testing
import TriageCore
import TriageSchema
@testable import TriageGateway

/// The request log, feedback, bandit statistics and summaries in either store.
@Suite struct StoreTelemetryTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000.125)

    static func record(_ i: Int, at time: Date = t0) -> RequestRecord {
        RequestRecord(
            id: "req-\(i)", time: time.addingTimeInterval(Double(i)), apiKey: i % 2 == 0 ? "key-a" : nil, model: i % 3 == 0 ? "triage/auto" : "cheap",
            servedGroup: i == 1 ? nil : "cheap", deployment: i == 1 ? nil : "sim-cheap", status: i == 4 ? 502 : 200,
            latencyMs: 12.5 + Double(i), ttftMs: i % 2 == 0 ? nil : 3.25, promptTokens: i == 1 ? nil : 10 + i, completionTokens: i == 1 ? nil : 20,
            costUSD: i == 1 ? nil : 0.000123 * Double(i + 1), features: i % 2 == 0 ? [0, 255, 7, UInt8(i % 256)] : nil,
            prompt: i == 2 ? "Ünïcode ✓ and 'quotes'" : nil,
            decision: i % 3 == 0 ? #"{"policy":"bandit","candidates":["cheap","frontier"],"chosen":"cheap","arm":0,"probability":0.9,"prior":[0.5,0.4]}"# : nil,
            cascade: nil, attempts: #"{"count":1,"failures":[]}"#, episodeID: i % 3 == 0 ? "ep-\(i)" : nil)
    }

    @Test(arguments: StoreBackend.allCases)
    func recordsComeBackAsWritten(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let log = try stores.telemetryStore
                for i in 0..<5 { #expect(log.record(Self.record(i))) }
                // Logged twice: the last record wins, as a retried write would leave it.
                var again = Self.record(3)
                again.status = 499
                log.record(again)
                // Not a number is no value, in either store.
                var odd = Self.record(5)
                odd.latencyMs = .nan
                odd.costUSD = .infinity
                log.record(odd)
                await log.flushed()
                for i in [0, 1, 2, 4] { #expect(try await log.request(id: "req-\(i)") == Self.record(i)) }
                #expect(try await log.request(id: "req-3") == again)
                let stored = try #require(try await log.request(id: "req-5"))
                #expect(stored.latencyMs == nil && stored.costUSD == nil)
                #expect(try await log.request(id: "req-missing") == nil)
                #expect(log.counts.written == 7 && log.counts.dropped == 0 && log.counts.failed == 0)
            }
            let reread = try await place.withStores { stores in try await stores.telemetryStore.request(id: "req-2") }
            #expect(reread == Self.record(2), "kept across a restart")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func thousandsOfRecordsInBatchesAndCloseWritesTheQueue(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            var settings = place.config().telemetry
            // One batch of more rows than one PostgreSQL statement takes, held by a minute's interval.
            settings.batchSize = 3_000
            settings.flushInterval = .seconds(60)
            try await place.withStores(settings) { stores in
                let log = try stores.telemetryStore
                for i in 0..<2_500 { log.record(Self.record(i)) }
                #expect(log.counts.written == 0, "a minute's flush interval holds the rows")
            }
            try await place.withStores { stores in
                let log = try stores.telemetryStore
                #expect(try await log.request(id: "req-2499") == Self.record(2_499), "closing wrote what was queued")
                #expect(try await log.request(id: "req-0") == Self.record(0))
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func rowsPastTheRetentionArePruned(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            var settings = place.config().telemetry
            settings.retentionDays = 1
            try await place.withStores(settings) { stores in
                let log = try stores.telemetryStore
                log.record(Self.record(1, at: Date().addingTimeInterval(-3 * 86_400)))
                log.record(Self.record(2, at: Date()))
                await log.flushed()
                #expect(try await log.request(id: "req-1") == nil, "three days old, one kept")
                #expect(try await log.request(id: "req-2") != nil)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func feedbackIsStoredOncePerRequestAndMetric(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let log = try stores.telemetryStore
                #expect(try await log.recordFeedback(requestID: "req-0", metric: "thumbs_up", value: 1, episodeID: nil, comment: nil) == nil,
                        "no such request")
                // Feedback right after the request: its record may still be queued.
                log.record(Self.record(0))
                let first = try #require(try await log.recordFeedback(requestID: "req-0", metric: "thumbs_up", value: 1, episodeID: "ep", comment: nil))
                #expect(first.previous == nil && first.id.hasPrefix("fb-"))
                let repeated = try #require(try await log.recordFeedback(requestID: "req-0", metric: "thumbs_up", value: 0, episodeID: nil, comment: "no"))
                #expect(repeated.id == first.id && repeated.previous == 1, "same id, and the value it replaced")
                let same = try #require(try await log.recordFeedback(requestID: "req-0", metric: "thumbs_up", value: 0, episodeID: nil, comment: nil))
                #expect(same.previous == 0)
                let other = try #require(try await log.recordFeedback(requestID: "req-0", metric: "latency_ok", value: 3.5, episodeID: nil, comment: nil))
                #expect(other.id != first.id)
                let stored = try await log.feedback(requestID: "req-0")
                #expect(stored.count == 2 && stored["thumbs_up"]?.value == 0 && stored["thumbs_up"]?.id == first.id)
                #expect(stored["latency_ok"]?.value == 3.5)
                #expect(try await log.feedback(requestID: "req-9").isEmpty)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func banditArmsMergeByAddingTheirSumsToTheBit(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let d = 2
            let rich = try #require(LinearArmStatistics(dimension: d, ridge: 0.5, xx: [0.1, 1e-300, 1e-300, 3.0000000000000004],
                                                        rx: [-0.0, .leastNonzeroMagnitude], count: 12))
            let more = try #require(LinearArmStatistics(dimension: d, ridge: 0.5, xx: [1, 0, 0, 1], rx: [0.25, 0], count: 3))
            try await place.withStores { stores in
                let arms = try stores.telemetryStore
                let first = try await arms.mergeArm(routedModel: "triage/auto", arm: "cheap", adding: rich)
                #expect(first.xx.map(\.bitPattern) == rich.xx.map(\.bitPattern) && first.count == 12)
                let total = try await arms.mergeArm(routedModel: "triage/auto", arm: "cheap", adding: more)
                #expect(total.count == 15 && total.xx == [1.1, 1e-300, 1e-300, 4.0000000000000004] && total.rx == [0.25, .leastNonzeroMagnitude])
                _ = try await arms.mergeArm(routedModel: "triage/other", arm: "cheap", adding: more)
            }
            try await place.withStores { stores in
                let loaded = try await stores.telemetryStore.loadArms(routedModel: "triage/auto")
                #expect(loaded.keys.sorted() == ["cheap"])
                let cheap = try #require(loaded["cheap"])
                #expect(cheap.count == 15 && cheap.xx.map(\.bitPattern) == [1.1, 1e-300, 1e-300, 4.0000000000000004].map(\.bitPattern))
                #expect(cheap.ridge == 0.5 && cheap.dimension == d)
                #expect(try await stores.telemetryStore.loadArms(routedModel: "triage/none").isEmpty)
            }
        }
    }

    /// Two replicas learn disjoint halves of the feedback and merge into one store; each then
    /// reads the totals back. Their posteriors must equal the one a single gateway has after
    /// learning everything (additivity of Σxxᵀ, Σrx and the count).
    @Test(arguments: StoreBackend.allCases)
    func replicasMergingIntoOneStoreLearnWhatOneGatewayLearnsFromAllTheData(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let settings = LearningSettings(metric: "thumbs_up")
            let candidates = ["cheap", "frontier"]
            let d = BanditContext.dimension(candidates: candidates.count)
            var generator = SplitMix64(seed: 17)
            let observations: [(arm: Int, x: [Double], prior: Double, reward: Double)] = (0..<80).map { _ in
                (Int.random(in: 0...1, using: &generator), (0..<d).map { _ in Double.random(in: -1...1, using: &generator) },
                 Double.random(in: 0...1, using: &generator), Double.random(in: 0...1, using: &generator))
            }
            try await place.withStores { stores in
                let store = try stores.telemetryStore
                let one = BanditRuntime(settings, candidates: candidates, stored: [:], previous: nil)
                let a = BanditRuntime(settings, candidates: candidates, stored: [:], previous: nil)
                let b = BanditRuntime(settings, candidates: candidates, stored: [:], previous: nil)
                for (i, o) in observations.enumerated() {
                    one.learn(arm: o.arm, context: o.x, prior: o.prior, reward: o.reward)
                    let replica = i.isMultiple(of: 2) ? a : b
                    replica.learn(arm: o.arm, context: o.x, prior: o.prior, reward: o.reward)
                    // Merges at irregular moments, as feedback and refreshes would.
                    if i % 7 == 3 { try await replica.merge(arm: o.arm, routedModel: "triage/auto", into: store) }
                }
                for arm in 0..<2 {
                    try await a.merge(arm: arm, routedModel: "triage/auto", into: store)
                    try await b.merge(arm: arm, routedModel: "triage/auto", into: store)
                }
                await a.refresh(routedModel: "triage/auto", from: store)
                for arm in 0..<2 {
                    let single = one.statistics(arm: arm)
                    for replica in [a, b] {
                        let merged = replica.statistics(arm: arm)
                        #expect(merged.count == single.count)
                        #expect(zip(merged.xx, single.xx).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
                        #expect(zip(merged.rx, single.rx).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
                        #expect(zip(merged.theta, single.theta).allSatisfy { abs($0 - $1) <= 1e-7 * max(1, abs($1)) })
                    }
                }
                #expect(a.counts.reduce(0, +) == 80 && b.counts == a.counts)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theDashboardSummaryCountsWhatWasLogged(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let log = try stores.telemetryStore
                for i in 0..<7 { log.record(Self.record(i)) }
                await log.flushed()
                _ = try await log.recordFeedback(requestID: "req-0", metric: "thumbs_up", value: 1, episodeID: nil, comment: nil)
                _ = try await log.recordFeedback(requestID: "req-3", metric: "thumbs_up", value: 0, episodeID: nil, comment: nil)
                _ = try await log.recordFeedback(requestID: "req-1", metric: "thumbs_up", value: 1, episodeID: nil, comment: nil)
                let s = try await log.summary(from: Self.t0, to: Self.t0.addingTimeInterval(3_600))
                #expect(s.requests == 7 && s.errors == 1)
                let expected: Double = 0.000123 * 26  // (i + 1) for i = 0, 2, 3, 4, 5, 6: req-1 has no cost
                #expect(abs(s.spendUSD - expected) < 1e-15)
                #expect(s.requestsByModel["triage/auto"]?.reduce(0, +) == 3 && s.requestsByModel["cheap"]?.reduce(0, +) == 4)
                #expect(s.requestsByKey["key-a"]?.reduce(0, +) == 4)
                #expect(s.latency.map(\.deployment) == ["sim-cheap"] && s.latency.first?.requests == 6)
                // Feedback counts only on learning models' requests (their decisions carry priors).
                #expect(s.meanReward["triage/auto · thumbs_up"]?.compactMap { $0 } == [0.5])
                #expect(s.meanReward.count == 1)
            }
        }
    }
}
