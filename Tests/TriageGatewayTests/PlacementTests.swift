import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TriageGateway
import TriageSchema

/// Tag-based routing and region affinity with residency, through the real application over
/// simulated deployments: which deployment answered is the `x-triage-model` header.
@Suite struct PlacementTests {
    typealias G = GovernanceTests

    /// A simulated deployment `id` in `region` with `tags`, failing every call when `down`.
    static func deployment(_ id: String, region: String?, tags: [String] = [], down: Bool = false) -> Deployment {
        var s = SimulatedProviderSettings()
        s.latency = SimulatedLatency(mean: .milliseconds(1), standardDeviation: .zero)
        s.ttft = .milliseconds(1)
        s.tokensPerSecond = 20_000
        if down { s.faults = SimulatedFaults(serverError: 1) }
        return Deployment(id: id, model: id, provider: .sim(s), tags: tags, region: region,
                          timeouts: Timeouts(total: .seconds(5), attempt: .seconds(2), ttft: .milliseconds(500)),
                          price: Price(inputPerMillion: 1, outputPerMillion: 2))
    }

    /// `assist`: an untagged cheap deployment and a frontier only `premium` requests reach.
    /// `regional`: Frankfurt, Dublin and Virginia, with `down` ones failing.
    static func config(down: Set<String> = [], defaultTags: [String] = []) -> GatewayConfig {
        var c = GatewayTests.config()
        var assist = ModelGroup(name: "assist", deployments: [
            deployment("assist-cheap", region: "eu-central"),
            deployment("assist-frontier", region: "eu-central", tags: ["premium"]),
        ], strategy: .weighted)
        assist.defaultTags = defaultTags
        let regional = ModelGroup(name: "regional", deployments: [
            deployment("fra", region: "eu-central", down: down.contains("fra")),
            deployment("dub", region: "eu-west", down: down.contains("dub")),
            deployment("iad", region: "us-east", down: down.contains("iad")),
        ], strategy: .weighted, retry: RetryPolicy(maxRetries: 4, backoff: Backoff(initial: .milliseconds(1), max: .milliseconds(2))))
        c.modelGroups += [assist, regional]
        return c
    }

    static func ask(_ client: some TestClientProtocol, _ model: String, key: String?, headers: [String: String] = [:],
                    metadata: String? = nil) async throws -> G.Answer {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[.authorization] = "Bearer \(key)" }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let meta = metadata.map { #","metadata":\#($0)"# } ?? ""
        let body = #"{"model":"\#(model)","max_tokens":20,"messages":[{"role":"user","content":"Hello"}]\#(meta)}"#
        return try await client.execute(uri: "/v1/chat/completions", method: .post, headers: fields, body: ByteBuffer(string: body)) { r in
            G.Answer(status: Int(r.status.code), headers: r.headers, body: Data(r.body.readableBytesView))
        }
    }

    static func served(_ answer: G.Answer) -> String? { answer.headers[TriageHeaders.model] }

    // MARK: Tags

    @Test func onlyPremiumRequestsReachThePremiumDeployment() async throws {
        let app = GatewayApplication.build(state: try await G.state(Self.config()), port: 0)
        try await app.test(.router) { client in
            for _ in 0..<12 {
                let plain = try await Self.ask(client, "assist", key: G.master)
                #expect(plain.status == 200 && Self.served(plain) == "assist-cheap", "an untagged request never reaches a tagged deployment")
            }
            let byHeader = try await Self.ask(client, "assist", key: G.master, headers: ["x-triage-tags": "premium"])
            #expect(Self.served(byHeader) == "assist-frontier")
            let byBody = try await Self.ask(client, "assist", key: G.master, metadata: #"{"tags":["premium"]}"#)
            #expect(Self.served(byBody) == "assist-frontier")
            let byKey = try await G.key(client, #""metadata":{"tags":["premium"]}"#)
            let keyed = try await Self.ask(client, "assist", key: byKey)
            #expect(Self.served(keyed) == "assist-frontier", "a key's tags apply to its requests")
            let unknown = try await Self.ask(client, "assist", key: G.master, headers: ["x-triage-tags": "gold"])
            #expect(unknown.status >= 400 && (unknown.error["message"] as? String ?? "").contains("tags gold"))
            let untaggedGroup = try await Self.ask(client, "cheap", key: G.master, headers: ["x-triage-tags": "gold"])
            #expect(untaggedGroup.status == 200, "tags do not gate a group none of whose deployments has tags")
            let badBody = try await Self.ask(client, "assist", key: G.master, metadata: #"{"tags":[1]}"#)
            #expect(badBody.status == 400 && badBody.error["param"] as? String == "metadata.tags[0]")
        }
    }

    @Test func aGroupsDefaultTagsApplyToUntaggedRequests() async throws {
        let app = GatewayApplication.build(state: try await G.state(Self.config(defaultTags: ["premium"])), port: 0)
        try await app.test(.router) { client in
            let plain = try await Self.ask(client, "assist", key: G.master)
            #expect(Self.served(plain) == "assist-frontier")
        }
    }

    // MARK: Regions

    @Test func aPreferredRegionIsUsedWhileItAnswers() async throws {
        let app = GatewayApplication.build(state: try await G.state(Self.config()), port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"]}}"#)
            for _ in 0..<10 {
                let answer = try await Self.ask(client, "regional", key: key)
                #expect(answer.status == 200 && Self.served(answer) == "fra")
            }
        }
    }

    @Test func aFailingPreferredRegionFailsOverWithinThePermittedOnes() async throws {
        let app = GatewayApplication.build(state: try await G.state(Self.config(down: ["fra"])), port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"]}}"#)
            for _ in 0..<10 {
                let answer = try await Self.ask(client, "regional", key: key)
                #expect(answer.status == 200 && Self.served(answer) == "dub", "never us-east")
            }
        }
    }

    @Test func residencyHoldsWhenEveryPermittedDeploymentFails() async throws {
        let state = try await G.state(Self.config(down: ["fra", "dub"]))
        let app = GatewayApplication.build(state: state, port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"]}}"#)
            let answer = try await Self.ask(client, "regional", key: key)
            #expect(answer.status >= 500, "no hop to us-east without the key's permission")
            #expect(state.residencyAudit.entries.isEmpty)
            // A request may narrow its key's regions, never widen them.
            let widened = try await Self.ask(client, "regional", key: key, headers: ["x-triage-permitted-regions": "us-east"])
            #expect(widened.status >= 400 && Self.served(widened) == nil)
        }
    }

    @Test func anAllowedViolatingHopComesLastAndIsAudited() async throws {
        let state = try await G.state(Self.config(down: ["fra", "dub"]))
        let app = GatewayApplication.build(state: state, port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(
                client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"],"allow_violation":true}}"#)
            let answer = try await Self.ask(client, "regional", key: key)
            #expect(answer.status == 200 && Self.served(answer) == "iad")
            // Five attempts allowed: the permitted ones are all tried (and fail) before the hop.
            let attempts = Int(answer.headers[TriageHeaders.attempts] ?? "") ?? 0
            #expect(attempts >= 3, "every permitted deployment was tried first: \(attempts) attempts")
            let entries = state.residencyAudit.entries
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.requestID == answer.headers[TriageHeaders.requestID] && entry.deployment == "iad")
            #expect(entry.toRegion == "us-east" && ["eu-central", "eu-west"].contains(entry.fromRegion ?? ""))
            #expect(entry.keyToken == Governance.token(of: key) && entry.reason.contains("every permitted deployment failed"))
            let metrics = try await G.call(client, method: .get, "/metrics", key: nil)
            #expect(String(decoding: metrics.body, as: UTF8.self).contains(#"triage_residency_violations_total{model_group="regional",from_region=""#))
        }
    }

    @Test func aSlowPreferredRegionCrossesToAnotherPermittedOneWithinTheLatencyBudget() async throws {
        var config = Self.config()
        let g = try #require(config.modelGroups.firstIndex { $0.name == "regional" })
        config.modelGroups[g].regionLatencyBudget = .milliseconds(50)
        guard case var .sim(slow) = config.modelGroups[g].deployments[0].provider else { return }
        slow.ttft = .milliseconds(150)
        slow.latency = SimulatedLatency(mean: .milliseconds(150), standardDeviation: .zero)
        config.modelGroups[g].deployments[0].provider = .sim(slow)
        let app = GatewayApplication.build(state: try await G.state(config), port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"]}}"#)
            let first = try await Self.ask(client, "regional", key: key)
            #expect(Self.served(first) == "fra", "no latency known yet: the preferred region")
            var served: [String] = []
            for _ in 0..<20 { served.append(Self.served(try await Self.ask(client, "regional", key: key)) ?? "none") }
            #expect(served.contains("dub") && !served.contains("iad"), "slow Frankfurt: Dublin takes traffic too, Virginia never: \(served)")
        }
    }
}
