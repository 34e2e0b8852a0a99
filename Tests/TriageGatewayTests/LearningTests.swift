import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageCore
@testable import TriageGateway
import TriageSchema

/// A learning routed model in the gateway: logged propensities, episodes that keep their arm,
/// feedback that updates the chosen arm and is saved, and statistics reloaded at start.
@Suite struct LearningTests {
    static func config(_ learning: LearningSettings = LearningSettings(metric: "thumbs_up", lambda: 10, maxExplorationShare: 1, maxExplorationUSDPerDay: 100)) -> GatewayConfig {
        var c = RoutingTests.config([RoutedModel(
            name: "triage/learn", router: GatewayConfig.shippedRouter, candidates: RoutingTests.pair,
            policy: .costAware(CostAwarePolicy(lambda: 10)), learning: learning)])
        c.feedbackMetrics = [FeedbackMetric(name: "thumbs_up")]
        return c
    }

    static func feedback(_ client: some TestClientProtocol, _ id: String, _ value: Bool) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: #"{"request_id":"\#(id)","metric":"thumbs_up","value":\#(value)}"#)) { $0.status }
    }

    @Test func episodesKeepTheirArmAndFeedbackTeachesTheChosenArm() async throws {
        let path = TelemetryStoreTests.temporaryPath()
        let store = try SQLiteTelemetryStore(path: path)
        let metrics = GatewayMetrics()
        let app = try await GatewayApplication.build(config: Self.config(), port: 0, metrics: metrics, random: RandomSource(seed: 4), telemetry: store)
        let (episodeArms, ids) = try await app.test(.router) { client in
            var arms: [String] = [], ids: [(String, String)] = []
            for turn in 0..<6 {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: RoutingTests.chat("triage/learn", "Turn \(turn): \(RoutingTests.prompts[turn])", extra: #","triage":{"episode_id":"conversation-7"}"#)) { response in
                    arms.append(try RoutingTests.route(response.headers[TriageHeaders.route]).group)
                }
            }
            for i in 0..<40 {
                try await client.execute(uri: "/v1/chat/completions", method: .post,
                                         body: RoutingTests.chat("triage/learn", "\(RoutingTests.prompts[i % 10]) #\(i)")) { response in
                    let route = try RoutingTests.route(response.headers[TriageHeaders.route])
                    ids.append((try #require(response.headers[TriageHeaders.requestID]), route.group))
                }
            }
            // Feedback: frontier's answers were good, cheap's were not.
            for (id, group) in ids { #expect(try await Self.feedback(client, id, group == "frontier") == .ok) }
            // An identical repeat teaches nothing: the value is the one already learned.
            #expect(try await Self.feedback(client, ids[0].0, ids[0].1 == "frontier") == .ok)
            return (arms, ids)
        }
        #expect(Set(episodeArms).count == 1, "one arm for the whole episode: \(episodeArms)")
        store.flush()
        // Every decision is logged with its propensity, context and prior.
        var explored = 0
        for (id, _) in ids {
            let record = try #require(try await store.request(id: id))
            let text = try #require(record.decision)
            let decision = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let p = try #require(decision["probability"] as? Double)
            #expect(p > 0 && p <= 1)
            if p < 1 { explored += 1 }
            #expect((decision["context"] as? [Double])?.count == BanditContext.dimension(candidates: 2))
            #expect((decision["prior"] as? [Double])?.count == 2)
            #expect(decision["policy"] as? String == "bandit")
        }
        #expect(explored > 0, "the softmax draws, so some propensities are below 1")
        let byArm = Dictionary(grouping: ids, by: \.1).mapValues(\.count)
        let updates = ["cheap", "frontier"].map { metrics.registry.value(GatewayMetrics.banditUpdates, .init(["routed_model": "triage/learn", "model_group": $0])) }
        #expect(updates == [Double(byArm["cheap"] ?? 0), Double(byArm["frontier"] ?? 0)], "one update per first feedback")
        // Saved, and loaded by the next gateway on the same file.
        let saved = try await store.loadArms(routedModel: "triage/learn")
        #expect(saved["cheap"]?.count == byArm["cheap"] && saved["frontier"]?.count == byArm["frontier"])
        store.close()
        let reopened = try SQLiteTelemetryStore(path: path)
        defer { reopened.close() }
        let state = try await GatewayState(config: Self.config(), telemetry: reopened)
        let bandit = try #require(state.snapshot.routing["triage/learn"]?.bandit)
        #expect(bandit.counts == [byArm["cheap"] ?? 0, byArm["frontier"] ?? 0])
    }

    @Test func aRevisedFeedbackCorrectsTheArmWithoutCountingItTwice() async throws {
        let store = try SQLiteTelemetryStore(path: TelemetryStoreTests.temporaryPath())
        defer { store.close() }
        let app = try await GatewayApplication.build(config: Self.config(), port: 0, random: RandomSource(seed: 4), telemetry: store)
        let (id, group) = try await app.test(.router) { client in
            let (id, group) = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                       body: RoutingTests.chat("triage/learn", "What is 17 * 23?")) { response in
                (try #require(response.headers[TriageHeaders.requestID]), try RoutingTests.route(response.headers[TriageHeaders.route]).group)
            }
            let first = try await Self.feedback(client, id, true)
            #expect(first == .ok)
            return (id, group)
        }
        let first = try #require(try await store.loadArms(routedModel: "triage/learn")[group])
        let status = try await app.test(.router) { client in try await Self.feedback(client, id, false) }
        #expect(status == .ok)
        let revised = try #require(try await store.loadArms(routedModel: "triage/learn")[group])
        #expect(revised.count == first.count, "the same observation, not a second one")
        #expect(revised.rx != first.rx, "its reward moved from 1 to 0")
        let stored = try await store.feedback(requestID: id)
        #expect(stored["thumbs_up"]?.value == 0)
    }

    @Test func anEpisodeDrawsTheSameArmInAFreshGateway() async throws {
        // Two gateways with no shared state (a restart): the episode's draw comes from its id.
        var arms: [[String]] = []
        for seed in [UInt64(1), 99] {
            let app = try await GatewayApplication.build(config: Self.config(), port: 0, random: RandomSource(seed: seed))
            arms.append(try await app.test(.router) { client in
                var arms: [String] = []
                for episode in 0..<12 {
                    try await client.execute(uri: "/v1/chat/completions", method: .post,
                                             body: RoutingTests.chat("triage/learn", RoutingTests.prompts[episode % 10], extra: #","triage":{"episode_id":"ep-\#(episode)"}"#)) { response in
                        arms.append(try RoutingTests.route(response.headers[TriageHeaders.route]).group)
                    }
                }
                return arms
            })
        }
        #expect(arms[0] == arms[1])
    }

    @Test func aSpentBudgetPlaysGreedilyWithProbabilityOne() async throws {
        // A hot softmax (temperature 1) would pick arms almost at random; a zero budget forbids it.
        let store = try SQLiteTelemetryStore(path: TelemetryStoreTests.temporaryPath())
        defer { store.close() }
        let metrics = GatewayMetrics()
        let app = try await GatewayApplication.build(
            config: Self.config(LearningSettings(metric: "thumbs_up", lambda: 10, temperature: 1, maxExplorationShare: 0, maxExplorationUSDPerDay: 0)),
            port: 0, metrics: metrics, random: RandomSource(seed: 1), telemetry: store)
        let ids = try await app.test(.router) { client in
            var ids: [String] = []
            for prompt in RoutingTests.prompts {
                try await client.execute(uri: "/v1/chat/completions", method: .post, body: RoutingTests.chat("triage/learn", prompt)) { response in
                    ids.append(try #require(response.headers[TriageHeaders.requestID]))
                }
            }
            return ids
        }
        store.flush()
        for id in ids {
            let text = try #require(try await store.request(id: id)?.decision)
            #expect(text.contains(#""probability":1"#), "\(text)")
        }
        #expect(metrics.registry.value(GatewayMetrics.explorationShare, .init(["routed_model": "triage/learn"])) == 0)
    }

    @Test func learningNeedsADeclaredMetricAndAPolicy() throws {
        var noMetric = Self.config()
        noMetric.feedbackMetrics = []
        #expect(noMetric.validationIssues().contains { $0.description.contains("routed_models[0].learning.metric: \"thumbs_up\" is not a declared feedback metric") })
        var noPolicy = Self.config()
        noPolicy.routedModels[0].policy = nil
        noPolicy.routedModels[0].cascade = CascadeSettings(thresholds: [0.5])
        #expect(noPolicy.validationIssues().contains { $0.description.contains("routed_models[0].learning: needs a policy") })
    }
}
