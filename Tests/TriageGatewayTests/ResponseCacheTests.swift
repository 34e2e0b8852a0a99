import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// The response cache through the real application: hits, misses, expiry on a manual clock,
/// eviction, tenants kept apart, opt-outs and streamed replays.
@Suite struct ResponseCacheTests {
    /// One response, kept Sendable.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var cache: String? { headers[TriageHeaders.cache] }
        var content: String? {
            let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            let message = (json?["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
            return message?["content"] as? String
        }
    }

    /// The fast simulated defaults, `cheap` with a cache (and optionally a last resort).
    static func config(
        _ cache: ResponseCacheSettings = ResponseCacheSettings(), lastResort: LastResortPolicy? = nil, faults: SimulatedFaults = .none
    ) -> GatewayConfig {
        var c = GatewayTests.config(faults: faults)
        let i = c.modelGroups.firstIndex { $0.name == "cheap" }!
        c.modelGroups[i].cache = cache
        c.modelGroups[i].lastResort = lastResort
        return c
    }

    static func chat(
        _ client: some TestClientProtocol, prompt: String = "What is the capital of France?", extra: String = "",
        key: String? = nil, headers: HTTPFields = [:], model: String = "cheap"
    ) async throws -> Reply {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        if let key { fields[.authorization] = "Bearer \(key)" }
        let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(prompt)"}]\#(extra)}"#
        return try await client.execute(uri: "/v1/chat/completions", method: .post, headers: fields, body: ByteBuffer(string: body)) { response in
            Reply(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }

    static func metrics(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
    }

    @Test func aRepeatedRequestIsAFreeHit() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            let first = try await Self.chat(client)
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            #expect((Double(first.headers[TriageHeaders.cost] ?? "") ?? 0) > 0)
            // Key order and 1.0 vs 1 do not make another question.
            let second = try await Self.chat(client, extra: #","temperature":1.0"#)
            let third = try await Self.chat(client, extra: #","temperature":1"#)
            #expect(second.cache == "miss", "a sampling parameter is part of the key")
            #expect(third.cache == "hit")
            #expect(third.body == second.body, "a hit is the stored answer, byte for byte")
            #expect(third.headers[TriageHeaders.cost] == "0.00000000")
            #expect(third.headers[TriageHeaders.attempts] == "0")
            #expect(third.headers[TriageHeaders.model] == "sim-cheap")
            let again = try await Self.chat(client)
            #expect(again.cache == "hit")
            #expect(again.body == first.body)
            let another = try await Self.chat(client, prompt: "Another question").cache
            #expect(another == "miss")
            let uncachedGroup = try await Self.chat(client, model: "frontier").cache
            #expect(uncachedGroup == nil, "a group without a cache says nothing")
            let text = try await Self.metrics(client)
            #expect(text.contains(#"triage_cache_requests_total{model_group="cheap",result="hit"} 2"#))
            #expect(text.contains(#"triage_cache_requests_total{model_group="cheap",result="miss"} 3"#))
            #expect(text.contains(#"triage_cache_entries{model_group="cheap"} 3"#))
            #expect(text.contains(#"triage_requests_total{model_group="cheap",deployment="(cache)",status="200"} 2"#))
        }
    }

    @Test func entriesExpireAfterTheirTTL() async throws {
        let clock = ManualClock()
        let app = try await GatewayApplication.build(
            config: Self.config(ResponseCacheSettings(ttl: .milliseconds(1_000))), port: 0, responseCache: ResponseCache(clock: clock))
        try await app.test(.router) { client in
            let first = try await Self.chat(client).cache
            #expect(first == "miss")
            clock.advance(by: .milliseconds(999))
            let beforeExpiry = try await Self.chat(client).cache
            #expect(beforeExpiry == "hit")
            clock.advance(by: .milliseconds(1))
            let atExpiry = try await Self.chat(client).cache
            #expect(atExpiry == "miss", "expired at exactly its TTL")
            let refreshed = try await Self.chat(client).cache
            #expect(refreshed == "hit", "the fresh answer replaced it")
        }
    }

    @Test func theLeastRecentlyUsedEntryIsEvicted() async throws {
        let app = try await GatewayApplication.build(config: Self.config(ResponseCacheSettings(maxEntries: 2)), port: 0)
        try await app.test(.router) { client in
            var seen: [String?] = []
            for prompt in ["a", "b", "a", "c", "a", "b"] { seen.append(try await Self.chat(client, prompt: prompt).cache) }
            #expect(seen == ["miss", "miss", "hit", "miss", "hit", "miss"], "a hit refreshes a; c evicts b, the least recently used")
            let metrics = try await Self.metrics(client)
            #expect(metrics.contains(#"triage_cache_entries{model_group="cheap"} 2"#))
        }
    }

    @Test func eachKeySeesOnlyItsOwnAnswersUnlessShared() async throws {
        for shared in [false, true] {
            let state = try await GovernanceTests.state(Self.config(ResponseCacheSettings(sharedAcrossKeys: shared)))
            let app = GatewayApplication.build(state: state, port: 0)
            try await app.test(.router) { client in
                let alice = try await GovernanceTests.key(client)
                let bob = try await GovernanceTests.key(client)
                let alicesFirst = try await Self.chat(client, key: alice).cache
                #expect(alicesFirst == "miss")
                let alicesSecond = try await Self.chat(client, key: alice).cache
                #expect(alicesSecond == "hit")
                let bobs = try await Self.chat(client, key: bob).cache
                #expect(bobs == (shared ? "hit" : "miss"), "shared: \(shared)")
                let masters = try await Self.chat(client, key: GovernanceTests.master).cache
                #expect(masters == (shared ? "hit" : "miss"))
            }
        }
    }

    @Test func aRequestMayOptOutInItsBodyOrHeader() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            let noStore = try await Self.chat(client, extra: #","cache":{"no-store":true}"#)
            #expect(noStore.status == 200)
            #expect(noStore.cache == "miss")
            let afterNoStore = try await Self.chat(client, headers: [.cacheControl: "no-store"]).cache
            #expect(afterNoStore == "miss", "nothing was stored")
            let stored = try await Self.chat(client).cache
            #expect(stored == "miss")
            let hit = try await Self.chat(client).cache
            #expect(hit == "hit")
            let bypassed = try await Self.chat(client, extra: #","cache":{"no-cache":true}"#).cache
            #expect(bypassed == "bypass")
            let bypassedByHeader = try await Self.chat(client, headers: [.cacheControl: "max-age=0, No-Cache"]).cache
            #expect(bypassedByHeader == "bypass")
            let unknown = try await Self.chat(client, extra: #","cache":{"ttl":5}"#)
            #expect(unknown.status == 400, "an opt-out that would do nothing is refused")
            #expect(unknown.text.contains("cache.ttl"))
        }
    }

    @Test func aStreamingRequestIsReplayedFromTheCache() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            // n > 1 is cached like any other parameter (the simulator answers one choice).
            let whole = try await Self.chat(client, extra: #","n":2"#)
            #expect(whole.cache == "miss")
            let streamed = try await Self.chat(client, extra: #","n":2,"stream":true,"stream_options":{"include_usage":true}"#)
            #expect(streamed.status == 200)
            #expect(streamed.cache == "hit")
            #expect(streamed.headers[.contentType] == "text/event-stream")
            let events = streamed.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.last == "data: [DONE]")
            #expect(streamed.text.contains(#""choices":[]"#), "with the usage chunk it asked for")
            let content = try #require(whole.content)
            #expect(streamed.text.contains(String(content.prefix(20))))
        }
    }

    @Test func aStreamedAnswerIsStoredWhole() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            let streamed = try await Self.chat(client, extra: #","stream":true"#)
            #expect(streamed.cache == "miss")
            #expect(streamed.text.hasSuffix("data: [DONE]\n\n"))
            let whole = try await Self.chat(client)
            #expect(whole.cache == "hit", "the stream was put back together and stored")
            let json = try #require(try JSONSerialization.jsonObject(with: whole.body) as? [String: Any])
            #expect(json["object"] as? String == "chat.completion")
            #expect((json["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
            #expect(json["usage"] is [String: Any])
            // Every piece of streamed text is in the stored answer, in order.
            let pieces = streamed.text.components(separatedBy: "\n\n").compactMap { event -> String? in
                guard event.hasPrefix("data: {"), let data = event.dropFirst(6).data(using: .utf8),
                      let chunk = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                else { return nil }
                return delta["content"] as? String
            }
            #expect(whole.content == pieces.joined())
            #expect(!pieces.joined().isEmpty)
        }
    }
}
