import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Testing
import Tracing
@testable import TriageGateway
import TriageSchema

/// The spans a request makes, recorded by an in-memory tracer given to the real application:
/// the request, the routing decision, each attempt and the cascade, with their attributes.
@Suite struct TracingTests {
    typealias G = GovernanceTests

    static func attribute(_ span: FinishedInMemorySpan, _ name: String) -> SpanAttribute? {
        span.attributes[name]?.toSpanAttribute()
    }

    static func string(_ span: FinishedInMemorySpan, _ name: String) -> String? {
        if case .string(let value)? = attribute(span, name) { return value }
        return nil
    }

    @Test func aRequestsAttemptsAreChildrenOfItsSpanWithDeploymentRegionAndViolation() async throws {
        let tracer = InMemoryTracer()
        let state = try await G.state(PlacementTests.config(down: ["fra", "dub"]))
        let app = GatewayApplication.build(state: state, port: 0, tracer: tracer)
        try await app.test(.router) { client in
            let key = try await G.key(
                client, #""metadata":{"regions":{"preferred":["eu-central"],"permitted":["eu-central","eu-west"],"allow_violation":true}}"#)
            tracer.clearAll()
            let answer = try await PlacementTests.ask(client, "regional", key: key)
            #expect(answer.status == 200)
        }
        let spans = tracer.finishedSpans
        let request = try #require(spans.first { $0.operationName == "triage.request" })
        #expect(request.kind == .server && Self.string(request, "triage.model") == "regional")
        #expect(Self.string(request, "triage.deployment") == "iad")
        #expect(Self.attribute(request, "http.response.status_code") == .int64(200))
        let attempts = spans.filter { $0.operationName == "triage.attempt" }
        #expect(attempts.count >= 3)
        #expect(attempts.allSatisfy { $0.traceID == request.traceID && $0.parentSpanID == request.spanID && $0.kind == .client })
        let hop = try #require(attempts.first { Self.string($0, "triage.deployment") == "iad" })
        #expect(Self.string(hop, "triage.region") == "us-east" && Self.attribute(hop, "triage.region.violation") == .bool(true))
        let permitted = attempts.filter { Self.string($0, "triage.deployment") != "iad" }
        #expect(!permitted.isEmpty && permitted.allSatisfy { Self.attribute($0, "triage.region.violation") == .bool(false) })
        #expect(permitted.allSatisfy { Self.string($0, "triage.error_class") == "server_error" && $0.status?.code == .error })
        #expect(Self.string(hop, "triage.model_group") == "regional" && Self.string(hop, "triage.model") == "iad")
    }

    @Test func aRoutedRequestHasARoutingSpanAndACascadeHasItsOwn() async throws {
        let tracer = InMemoryTracer()
        let app = GatewayApplication.build(state: try await G.state(), port: 0, tracer: tracer)
        try await app.test(.router) { client in
            let routed = try await G.chat(client, key: G.master, model: "triage/auto")
            #expect(routed.status == 200)
            let spans = tracer.popFinishedSpans()
            let request = try #require(spans.first { $0.operationName == "triage.request" })
            let route = try #require(spans.first { $0.operationName == "triage.route" })
            #expect(route.parentSpanID == request.spanID && Self.string(route, "triage.routed_model") == "triage/auto")
            #expect(["cheap", "frontier"].contains(Self.string(route, "triage.route.candidate") ?? ""))
            #expect(spans.contains { $0.operationName == "triage.attempt" && $0.traceID == request.traceID })

            let cascaded = try await G.chat(client, key: G.master, model: "triage/cascade")
            #expect(cascaded.status == 200)
            let cascadeSpans = tracer.popFinishedSpans()
            let top = try #require(cascadeSpans.first { $0.operationName == "triage.request" })
            let climbIDs = Set(cascadeSpans.filter { $0.operationName == "triage.cascade" }.map(\.spanID))
            if !climbIDs.isEmpty {
                #expect(cascadeSpans.contains {
                    $0.operationName == "triage.cascade" && $0.traceID == top.traceID && Self.string($0, "triage.routed_model") == "triage/cascade"
                })
                let tiers = cascadeSpans.filter { $0.operationName == "triage.attempt" }
                #expect(!tiers.isEmpty && tiers.allSatisfy { $0.traceID == top.traceID && $0.parentSpanID != top.spanID },
                        "each tier's attempt belongs to the request's trace, under the cascade rather than the request")
            } else {
                // The router started at the last tier: nothing to climb, no cascade span.
                #expect(cascadeSpans.contains { $0.operationName == "triage.route" })
            }
        }
    }
}
