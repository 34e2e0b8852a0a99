import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageCore
@testable import TriageGateway
import TriageSchema

/// The request log as the gateway writes it: one row per request with its decision,
/// cascade, attempts, tokens and cost, on a real SQLite file.
@Suite struct RequestLogTests {
    static func json(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func eachRequestIsLoggedWithWhatHappened() async throws {
        let store = try SQLiteTelemetryStore(path: TelemetryStoreTests.temporaryPath())
        defer { store.close() }
        var config = RoutingTests.config([
            RoutedModel(name: "triage/auto", router: GatewayConfig.shippedRouter, candidates: RoutingTests.pair, policy: .threshold(0.5)),
            RoutingTests.cascade([1]),
        ], faults: ["frontier": SimulatedFaults(serverError: 1)])
        config.telemetry.storePrompts = false
        let app = try await GatewayApplication.build(config: config, port: 0, telemetry: store)
        let ids = try await app.test(.router) { client in
            var ids: [String: String] = [:]
            for (name, body) in [
                ("plain", RoutingTests.chat("cheap", "What is 17 * 23?")),
                ("routed", RoutingTests.chat("triage/auto", "What is 17 * 23?", extra: #","triage":{"threshold":1}"#)),
                ("cascade", RoutingTests.chat("triage/cascade", "Explain tides.")),
                ("failed", RoutingTests.chat("frontier", "Explain tides.")),
            ] {
                try await client.execute(uri: "/v1/chat/completions", method: .post, body: body) { response in
                    ids[name] = response.headers[TriageHeaders.requestID]
                }
            }
            return ids
        }
        store.flush()
        #expect(try store.requestCount() == 4)
        func row(_ name: String) async throws -> RequestRecord {
            let id = try #require(ids[name])
            return try #require(try await store.request(id: id))
        }

        let plain = try await row("plain")
        #expect(plain.model == "cheap" && plain.servedGroup == "cheap" && plain.deployment == "sim-cheap" && plain.status == 200)
        #expect((plain.costUSD ?? 0) > 0 && (plain.promptTokens ?? 0) > 0 && (plain.latencyMs ?? 0) > 0)
        #expect(plain.decision == nil && plain.features == nil && plain.prompt == nil)

        let routed = try await row("routed")
        let decision = try Self.json(routed.decision)
        #expect(decision["policy"] as? String == "threshold")
        #expect(decision["chosen"] as? String == "cheap")
        #expect(decision["probability"] as? Double == 1)
        #expect(decision["threshold"] as? Double == 1)
        #expect(decision["overridden"] as? Bool == true)
        #expect((decision["predicted"] as? [Double])?.count == 2)
        let bytes = try #require(routed.features)
        let features = try #require(PromptFeatures(compactBytes: bytes))
        let router = try ModelFile.load(path: GatewayConfig.shippedRouter)
        let again = PromptFeaturizer(config: router.features).featurize("What is 17 * 23?", turns: 1)
        #expect(features.ids == again.ids.sorted() && features.dense == again.dense, "the logged features replay the decision")

        let cascade = try await row("cascade")
        let cascadeJSON = try #require(cascade.cascade)
        let steps = try #require(JSONSerialization.jsonObject(with: Data(cascadeJSON.utf8)) as? [[String: Any]])
        #expect(steps.map { $0["outcome"] as? String } == ["salvaged", "failed"])
        #expect(steps[1]["status"] as? Int == 502)
        #expect(cascade.servedGroup == "cheap" && cascade.status == 200)

        let failed = try await row("failed")
        #expect(failed.status == 502 && failed.deployment == nil)
        let attempts = try Self.json(failed.attempts)
        let failures = try #require(attempts["failures"] as? [[String: Any]])
        #expect(failures.first?["error"] as? String == "server_error")
        #expect(failures.first?["deployment"] as? String == "sim-frontier")
    }

    @Test func promptsAreKeptOnlyWhenTheConfigSaysSo() async throws {
        let store = try SQLiteTelemetryStore(path: TelemetryStoreTests.temporaryPath())
        defer { store.close() }
        var config = RoutingTests.config()
        config.telemetry.storePrompts = true
        let app = try await GatewayApplication.build(config: config, port: 0, telemetry: store)
        let id = try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: RoutingTests.chat("cheap", "Keep me")) { response in
                response.headers[TriageHeaders.requestID]
            }
        }
        store.flush()
        let requestID = try #require(id)
        #expect(try await store.request(id: requestID)?.prompt == "Keep me")
    }
}
