import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// The last-resort tier: when every deployment and fallback fails, a stale cached answer, else
/// the static one, as a 200 marked degraded; without one, the 5xx stands.
@Suite struct LastResortTests {
    typealias R = ResponseCacheTests
    static let degraded = "The service is degraded; please retry later."
    static let everyFault = SimulatedFaults(serverError: 1)

    /// A gateway whose `cheap` caches and has `lastResort`, on manual clocks, and the state
    /// to make every upstream fail later.
    static func gateway(lastResort: LastResortPolicy?, cacheClock: ManualClock = ManualClock()) async throws -> (GatewayState, some ApplicationProtocol) {
        let state = try await GatewayState(config: R.config(ResponseCacheSettings(ttl: .milliseconds(1_000)), lastResort: lastResort))
        let app = GatewayApplication.build(state: state, port: 0, health: HealthRegistry(clock: ManualClock()),
                                           responseCache: ResponseCache(clock: cacheClock))
        return (state, app)
    }

    static func breakEveryUpstream(_ state: GatewayState, lastResort: LastResortPolicy?) async throws {
        try await state.replace(with: R.config(ResponseCacheSettings(ttl: .milliseconds(1_000)), lastResort: lastResort, faults: everyFault))
    }

    @Test func aStaleAnswerIsServedWhenEveryProviderFails() async throws {
        let clock = ManualClock()
        let policy = LastResortPolicy(cache: true, staticAnswer: Self.degraded)
        let (state, app) = try await Self.gateway(lastResort: policy, cacheClock: clock)
        try await app.test(.router) { client in
            let fresh = try await R.chat(client)
            #expect(fresh.cache == "miss")
            clock.advance(by: .seconds(3_600))
            try await Self.breakEveryUpstream(state, lastResort: policy)
            let stale = try await R.chat(client)
            #expect(stale.status == 200)
            #expect(stale.cache == "stale")
            #expect(stale.headers[TriageHeaders.degraded] == "cache")
            #expect(stale.body == fresh.body)
            #expect(stale.headers[TriageHeaders.cost] == "0.00000000")
            #expect((Int(stale.headers[TriageHeaders.attempts] ?? "") ?? 0) > 0, "it says how many attempts failed first")
            let streamed = try await R.chat(client, extra: #","stream":true"#)
            #expect(streamed.status == 200)
            #expect(streamed.headers[TriageHeaders.degraded] == "cache")
            #expect(streamed.text.hasSuffix("data: [DONE]\n\n"))
            let text = try await R.metrics(client)
            #expect(text.contains(#"triage_last_resort_total{model_group="cheap",source="cache"} 2"#))
            #expect(text.contains(#"triage_cache_requests_total{model_group="cheap",result="stale"} 2"#))
        }
    }

    @Test func theStaticAnswerIsServedWhenNothingIsCached() async throws {
        let policy = LastResortPolicy(cache: true, staticAnswer: Self.degraded)
        let (state, app) = try await Self.gateway(lastResort: policy)
        try await app.test(.router) { client in
            try await Self.breakEveryUpstream(state, lastResort: policy)
            let answer = try await R.chat(client)
            #expect(answer.status == 200)
            #expect(answer.headers[TriageHeaders.degraded] == "static")
            #expect(answer.cache == "miss")
            #expect(answer.content == Self.degraded)
            let json = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            #expect(json["object"] as? String == "chat.completion")
            #expect((json["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
            let streamed = try await R.chat(client, extra: #","stream":true"#)
            #expect(streamed.status == 200)
            #expect(streamed.headers[TriageHeaders.degraded] == "static")
            #expect(streamed.text.contains(Self.degraded))
            #expect(streamed.text.hasSuffix("data: [DONE]\n\n"))
            #expect(streamed.cache == "miss", "a degraded answer is never stored")
            let bad = try await R.chat(client, extra: #","temperature":9"#)
            #expect(bad.status == 400, "the client's own mistakes are not papered over")
        }
    }

    @Test func withoutALastResortTheErrorStands() async throws {
        let (state, app) = try await Self.gateway(lastResort: nil)
        try await app.test(.router) { client in
            let healthy = try await R.chat(client).status
            #expect(healthy == 200)
            try await Self.breakEveryUpstream(state, lastResort: nil)
            let failed = try await R.chat(client, prompt: "Not cached")
            #expect(failed.status >= 500)
            #expect(failed.headers[TriageHeaders.degraded] == nil)
        }
    }
}
