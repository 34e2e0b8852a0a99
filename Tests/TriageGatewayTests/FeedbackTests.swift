import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TriageGateway
import TriageSchema

/// `POST /v1/feedback` against a real request log.
@Suite struct FeedbackTests {
    static func config() -> GatewayConfig {
        var c = RoutingTests.config()
        c.feedbackMetrics = [FeedbackMetric(name: "thumbs_up"), FeedbackMetric(name: "latency_ok", kind: .float, goal: .minimize)]
        return c
    }

    static func post(_ client: some TestClientProtocol, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: "/v1/feedback", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
            (response.status, try GatewayTests.object(response.body))
        }
    }

    @Test func storesOncePerRequestAndMetricAndValidatesEverything() async throws {
        let store = try SQLiteTelemetryStore(path: TelemetryStoreTests.temporaryPath())
        defer { store.close() }
        let app = try await GatewayApplication.build(config: Self.config(), port: 0, telemetry: store)
        try await app.test(.router) { client in
            let requestID = try await client.execute(uri: "/v1/chat/completions", method: .post, body: RoutingTests.chat("triage/auto", "hi")) { response in
                try #require(response.headers[TriageHeaders.requestID])
            }
            // At once, while the request's record may still be queued.
            let (status, first) = try await Self.post(client, #"{"request_id":"\#(requestID)","metric":"thumbs_up","value":true,"episode_id":"ep-1"}"#)
            #expect(status == .ok)
            let feedbackID = try #require(first["feedback_id"] as? String)
            let (again, second) = try await Self.post(client, #"{"request_id":"\#(requestID)","metric":"thumbs_up","value":false,"comment":"changed my mind"}"#)
            #expect(again == .ok)
            #expect(second["feedback_id"] as? String == feedbackID, "idempotent per (request, metric)")
            let (_, float) = try await Self.post(client, #"{"request_id":"\#(requestID)","metric":"latency_ok","value":3}"#)
            #expect(float["feedback_id"] as? String != feedbackID)
            let stored = try await store.feedback(requestID: requestID)
            #expect(stored["thumbs_up"]?.value == 0 && stored["thumbs_up"]?.id == feedbackID)
            #expect(stored["latency_ok"]?.value == 3)

            for (body, expected, param) in [
                (#"{"request_id":"req-nope","metric":"thumbs_up","value":true}"#, HTTPResponse.Status.notFound, "request_id"),
                (#"{"request_id":"\#(requestID)","metric":"stars","value":5}"#, .badRequest, "metric"),
                (#"{"request_id":"\#(requestID)","metric":"thumbs_up","value":1}"#, .badRequest, "value"),
                (#"{"request_id":"\#(requestID)","metric":"latency_ok","value":true}"#, .badRequest, "value"),
                (#"{"request_id":"\#(requestID)","metric":"thumbs_up","value":"yes"}"#, .badRequest, "value"),
                (#"{"metric":"thumbs_up","value":true}"#, .badRequest, "request_id"),
                (#"{"request_id":"\#(requestID)","metric":"thumbs_up","value":true,"stars":4}"#, .badRequest, "stars"),
            ] {
                let (status, body) = try await Self.post(client, body)
                #expect(status == expected, "\(body)")
                #expect((body["error"] as? [String: Any])?["param"] as? String == param)
            }
        }
    }

    @Test func withoutARequestLogFeedbackIsUnavailable() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            let (status, body) = try await Self.post(client, #"{"request_id":"req-1","metric":"thumbs_up","value":true}"#)
            #expect(status == .serviceUnavailable)
            #expect(((body["error"] as? [String: Any])?["message"] as? String)?.contains("telemetry.path") == true)
        }
    }
}
