import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// `POST /key/regenerate`: a new secret for the same key (budget, spend, limits kept), with and
/// without a grace period for the old one, through the real application.
@Suite struct KeyRotationTests {
    typealias G = GovernanceTests

    @Test func withoutAGracePeriodTheOldSecretStopsAtOnceAndTheKeyKeepsItsSpend() async throws {
        let app = GatewayApplication.build(state: try await G.state(), port: 0)
        try await app.test(.router) { client in
            let old = try await G.key(client, #""key_alias":"rotating","max_budget":1,"rpm_limit":50"#)
            let first = try await G.chat(client, key: old)
            #expect(first.status == 200)
            let before = try await G.call(client, method: .get, "/key/info?key=\(old)", key: G.master)
            let token = try #require(before.json["key"] as? String)

            let rotated = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"\#(old)"}"#)
            #expect(rotated.status == 200, "\(String(decoding: rotated.body, as: UTF8.self))")
            let new = try #require(rotated.json["key"] as? String)
            #expect(new != old && new.hasPrefix("sk-triage-"))
            #expect(rotated.json["token"] as? String == token, "the key keeps its token, so its ledger and budget")
            #expect(rotated.json["previous_key_valid_until"] is NSNull)
            #expect(rotated.json["key_name"] as? String == "sk-triage-…" + new.suffix(4))
            #expect(rotated.json["key_alias"] as? String == "rotating" && rotated.json["max_budget"] as? Double == 1)
            #expect(rotated.json["rpm_limit"] as? Int == 50)
            #expect(abs((rotated.json["spend"] as? Double ?? 0) - first.cost) < 1e-12, "spend carries over")

            let refused = try await G.chat(client, key: old)
            #expect(refused.status == 401, "the old secret stops at once")
            let second = try await G.chat(client, key: new)
            #expect(second.status == 200)
            let after = try await G.call(client, method: .get, "/key/info?key=\(new)", key: G.master)
            let spend = try #require((after.json["info"] as? [String: Any])?["spend"] as? Double)
            #expect(abs(spend - first.cost - second.cost) < 1e-12, "both secrets' requests count against one budget")
            let byToken = try await G.call(client, method: .get, "/key/info?key=\(token)", key: G.master)
            #expect(byToken.status == 200)
        }
    }

    @Test func withAGracePeriodBothSecretsWorkUntilItEnds() async throws {
        let clock = ManualWallClock()
        let app = GatewayApplication.build(state: try await G.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            let old = try await G.key(client)
            let rotated = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"\#(old)","grace_period":"1h"}"#)
            #expect(rotated.status == 200)
            let new = try #require(rotated.json["key"] as? String)
            #expect(rotated.json["previous_key_valid_until"] as? String == "2027-01-15T09:00:00.000Z")
            let oldDuringGrace = try await G.chat(client, key: old)
            let newDuringGrace = try await G.chat(client, key: new)
            #expect(oldDuringGrace.status == 200 && newDuringGrace.status == 200)
            clock.advance(seconds: 3_599)
            let oldAtTheEdge = try await G.chat(client, key: old)
            #expect(oldAtTheEdge.status == 200, "one second before the grace period ends")
            clock.advance(seconds: 1)
            let oldAfter = try await G.chat(client, key: old)
            let newAfter = try await G.chat(client, key: new)
            #expect(oldAfter.status == 401 && newAfter.status == 200)

            // Rotating again ends the first secret's grace: only the latest previous one has one.
            let again = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"\#(new)","grace_period":"10m"}"#)
            let newest = try #require(again.json["key"] as? String)
            let middle = try await G.chat(client, key: new)
            let newestAnswer = try await G.chat(client, key: newest)
            let first = try await G.chat(client, key: old)
            #expect(middle.status == 200 && newestAnswer.status == 200 && first.status == 401)
        }
    }

    @Test func badRegenerationRequestsAreClearErrors() async throws {
        let app = GatewayApplication.build(state: try await G.state(), port: 0)
        try await app.test(.router) { client in
            let key = try await G.key(client)
            let unknown = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"sk-triage-doesnotexist"}"#)
            #expect(unknown.status == 404 && unknown.error["param"] as? String == "key")
            let missing = try await G.call(client, "/key/regenerate", key: G.master, #"{}"#)
            #expect(missing.status == 400 && missing.error["param"] as? String == "key")
            let badGrace = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"\#(key)","grace_period":"soon"}"#)
            #expect(badGrace.status == 400 && badGrace.error["param"] as? String == "grace_period")
            let stranger = try await G.call(client, "/key/regenerate", key: G.master, #"{"key":"\#(key)","extra":1}"#)
            #expect(stranger.status == 400)
            let notAdmin = try await G.call(client, "/key/regenerate", key: key, #"{"key":"\#(key)"}"#)
            #expect(notAdmin.status == 403)
            #expect(try await G.chat(client, key: key).status == 200, "a refused regeneration changes nothing")
        }
    }
}

/// `GET /v1/models` shows each group's deployments with the price in use and where it came from.
@Suite struct ModelPricesTests {
    @Test func theModelListShowsEachDeploymentsPriceAndItsSource() async throws {
        var edited = GatewayTests.config()
        edited.modelGroups[0].deployments[0].priceOrigin = .table(provider: "OpenAI", asOf: "2025-08")
        let config = edited
        let app = GatewayApplication.build(state: try await GovernanceTests.state(config), port: 0)
        try await app.test(.router) { client in
            let answer = try await GovernanceTests.call(client, method: .get, "/v1/models", key: GovernanceTests.master)
            #expect(answer.status == 200)
            let models = try #require(answer.json["data"] as? [[String: Any]])
            let group = try #require(models.first { $0["id"] as? String == config.modelGroups[0].name })
            let deployments = try #require((group["triage"] as? [String: Any])?["deployments"] as? [[String: Any]])
            let first = try #require(deployments.first)
            let expected = config.modelGroups[0].deployments[0]
            #expect(first["id"] as? String == expected.id && first["model"] as? String == expected.model)
            #expect(first["input_per_million"] as? Double == expected.price.inputPerMillion)
            #expect(first["output_per_million"] as? Double == expected.price.outputPerMillion)
            #expect(first["price_source"] as? String == "price table (OpenAI list price, 2025-08)")
            let routed = models.filter { name in config.routedModels.contains { $0.name == name["id"] as? String } }
            #expect(routed.allSatisfy { $0["triage"] == nil }, "routed models list no deployments of their own")
        }
    }
}
