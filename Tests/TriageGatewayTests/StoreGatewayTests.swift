import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TriageSchema
@testable import TriageGateway

/// The whole gateway on either store, as `triage serve` wires it.
@Suite struct StoreGatewayTests {
    /// Serves `body` with a gateway over `stores`, as `triage serve` builds it.
    static func serve<T: Sendable>(_ stores: GatewayStores, _ config: GatewayConfig, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T) async throws -> T {
        let governance = try await Governance(stores: stores)
        let state = try await GatewayState(config: config, environment: [:], telemetry: stores.telemetry, governance: governance)
        let value = try await GatewayApplication.build(state: state, port: 0).test(.router) { client in try await body(client) }
        await governance.close()
        return value
    }

    /// A key with a budget made through the admin API, a request charged to it, feedback on it,
    /// the spend logs, key info and dashboard; after a restart the key still works and its
    /// spend still counts.
    @Test(arguments: StoreBackend.allCases)
    func keysSpendAndFeedbackOutliveARestart(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            var config = place.config()
            config.server.masterKey = SecretReference(parsing: GovernanceTests.master)
            let master = GovernanceTests.master
            let (secret, requestID, cost) = try await place.withStores { stores in
                try await Self.serve(stores, config) { client in
                    let secret = try await GovernanceTests.key(client, #""max_budget": 1, "budget_duration": "1d""#)
                    let answer = try await GovernanceTests.chat(client, key: secret)
                    #expect(answer.status == 200 && answer.cost > 0)
                    let id = try #require(answer.headers[TriageHeaders.requestID])
                    let feedback = try await GovernanceTests.call(client, "/v1/feedback", key: secret, #"{"request_id":"\#(id)","metric":"thumbs_up","value":true}"#)
                    #expect(feedback.status == 200, "\(String(decoding: feedback.body, as: UTF8.self))")
                    let logs = try await GovernanceTests.call(client, method: .get, "/spend/logs?api_key=\(secret)", key: master)
                    #expect(logs.list.count == 1 && logs.list.first?["request_id"] as? String == id)
                    #expect(logs.list.first?["spend"] as? Double == answer.cost)
                    let info = try await GovernanceTests.call(client, method: .get, "/key/info?key=\(secret)", key: master)
                    #expect((info.json["info"] as? [String: Any])?["spend"] as? Double == answer.cost)
                    let dashboard = try await GovernanceTests.call(client, method: .get, "/dashboard", key: master)
                    #expect(dashboard.status == 200 && String(decoding: dashboard.body, as: UTF8.self).contains("Triage dashboard"))
                    return (secret, id, answer.cost)
                }
            }
            try await place.withStores { stores in
                let logged = try #require(try await stores.telemetryStore.request(id: requestID))
                #expect(logged.apiKey == Governance.token(of: secret) && logged.costUSD == cost)
                #expect(try await stores.telemetryStore.feedback(requestID: requestID)["thumbs_up"]?.value == 1)
                try await Self.serve(stores, config) { client in
                    #expect(try await GovernanceTests.chat(client, key: secret).status == 200, "the key outlived the restart")
                    let info = try await GovernanceTests.call(client, method: .get, "/key/info?key=\(secret)", key: master)
                    let spend = try #require((info.json["info"] as? [String: Any])?["spend"] as? Double)
                    #expect(spend > cost, "the first request's spend still counts against the budget")
                }
            }
        }
    }
}
