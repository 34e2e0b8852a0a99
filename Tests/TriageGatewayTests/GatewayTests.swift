import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// The real application, in process, with fast simulated tiers.
@Suite struct GatewayTests {
    /// The embedded defaults with the simulated tiers made fast, and optional faults.
    static func config(faults: SimulatedFaults = .none, ttft: Duration = .milliseconds(1), maxBody: Int? = nil) -> GatewayConfig {
        var c = GatewayConfig.defaults(environment: [:], forceSimulated: true)
        for g in c.modelGroups.indices {
            for d in c.modelGroups[g].deployments.indices {
                guard case var .sim(s) = c.modelGroups[g].deployments[d].provider else { continue }
                s.latency = SimulatedLatency(mean: .milliseconds(2), standardDeviation: .zero)
                s.ttft = ttft
                s.tokensPerSecond = 20_000
                s.faults = faults
                c.modelGroups[g].deployments[d].provider = .sim(s)
                c.modelGroups[g].deployments[d].timeouts = Timeouts(total: .seconds(5), attempt: .seconds(2), ttft: .milliseconds(500))
            }
        }
        if let maxBody { c.server.maxRequestBodyBytes = maxBody }
        return c
    }

    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func completesWithUsageCostAndHeaders() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                                     body: Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"What is the capital of France?"}],"temperature":0.2,"x_custom":1}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.model] == "sim-cheap")
                #expect(response.headers[TriageHeaders.attempts] == "1")
                #expect(response.headers[TriageHeaders.requestID]?.hasPrefix("req-") == true)
                let cost = try #require(Double(response.headers[TriageHeaders.cost] ?? ""))
                #expect(cost > 0, "the default tiers carry non-zero prices")
                #expect(Double(response.headers[TriageHeaders.overhead] ?? "") != nil)
                let json = try Self.object(response.body)
                #expect(json["object"] as? String == "chat.completion")
                let usage = try #require(json["usage"] as? [String: Any])
                #expect((usage["completion_tokens"] as? Int ?? 0) > 0)
                let choice = try #require((json["choices"] as? [[String: Any]])?.first)
                #expect(choice["finish_reason"] as? String == "stop")
            }
        }
    }

    @Test func streamsChunksThenUsageThenDone() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"frontier","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Explain tides briefly."}]}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let events = String(buffer: response.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
                #expect(events.last == "data: [DONE]")
                let chunks = try events.dropLast().map { event -> [String: Any] in
                    #expect(event.hasPrefix("data: "))
                    return try #require(JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8)) as? [String: Any])
                }
                #expect(chunks.count > 3, "the answer arrives token by token")
                let first = try #require((chunks.first?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])
                #expect(first["role"] as? String == "assistant")
                let usageChunk = try #require(chunks.last)
                #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
                #expect(usageChunk["usage"] is [String: Any])
                #expect(chunks.dropLast().allSatisfy { $0["usage"] is NSNull })
            }
        }
    }

    @Test func streamWithoutIncludeUsageHasNoUsageChunk() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)) { response in
                let text = String(buffer: response.body)
                #expect(!text.contains(#""choices":[]"#))
                #expect(text.hasSuffix("data: [DONE]\n\n"))
            }
        }
    }

    @Test(arguments: [
        (#"{"model": "cheap", "messages": [}"#, "parse the JSON"),
        (#"{"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"cheap","messages":"hello"}"#, "messages"),
        (#"{"model":"cheap","messages":[{"role":"wizard","content":"hi"}]}"#, "messages[0].role"),
        (#"{"model":"cheap","messages":[{"role":"user","content":"hi"}],"temperature":7}"#, "temperature"),
        // A cap near Int.max once overflowed the token arithmetic and killed the process.
        (#"{"model":"cheap","messages":[{"role":"user","content":"hi"}],"max_tokens":9223372036854775807,"n":128}"#, "max_tokens"),
    ])
    func badBodiesAreNamed400s(body: String, mention: String) async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.body(body)) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try Self.object(response.body)["error"] as? [String: Any])
                #expect(error["type"] as? String == "invalid_request_error")
                let text = "\(error["message"] ?? "") \(error["param"] ?? "")"
                #expect(text.contains(mention), "\(text)")
            }
        }
    }

    @Test func unknownModelIs404() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                #expect(response.status == .notFound)
                let error = try #require(try Self.object(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "model_not_found")
                #expect((error["message"] as? String)?.contains("gpt-9") == true)
            }
        }
    }

    @Test func hugeBodyIs413() async throws {
        let app = try await GatewayApplication.build(config: Self.config(maxBody: 1024), port: 0)
        let big = String(repeating: "x", count: 4096)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"\#(big)"}]}"#)) { response in
                #expect(response.status == .contentTooLarge)
                let json = try Self.object(response.body)
                #expect(json["error"] is [String: Any])
            }
        }
    }

    @Test func everyDeploymentRateLimitedIs429WithRetryAfter() async throws {
        let clock = ManualClock()
        let app = try await GatewayApplication.build(
            config: Self.config(faults: SimulatedFaults(rateLimit: 1, retryAfter: .seconds(3))), port: 0, health: HealthRegistry(clock: clock))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[TriageHeaders.retryAfter] == "3")
                #expect(response.headers[TriageHeaders.fallbacks] == nil, "errors carry no served-by headers")
            }
        }
        // Each retry on the sole (rate-limited) deployment waited at least its Retry-After;
        // cheap then fell back to frontier, which was rate limited too.
        #expect(!clock.sleeps.isEmpty)
        #expect(clock.sleeps.allSatisfy { $0 >= .seconds(3) }, "\(clock.sleeps)")
    }

    /// The operator's override takes a deployment out of rotation: requests fall back to the
    /// group's fallback and say so; `auto` brings it back.
    @Test func forcedDownDeploymentFallsBackAndComesBack() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        let chat = Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"hi"}]}"#)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/deployments", method: .get) { response in
                let list = try #require(try Self.object(response.body)["deployments"] as? [[String: Any]])
                let cheap = try #require(list.first { $0["id"] as? String == "sim-cheap" })
                #expect(cheap["state"] as? String == "closed")
                #expect(cheap["model_group"] as? String == "cheap")
                #expect(cheap["in_rotation"] as? Bool == true)
            }
            try await client.execute(uri: "/health/deployments/sim-cheap", method: .post, body: Self.body(#"{"state":"down"}"#)) { response in
                #expect(response.status == .ok)
                let entry = try Self.object(response.body)
                #expect(entry["in_rotation"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: chat) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TriageHeaders.model] == "sim-frontier")
                #expect(response.headers[TriageHeaders.fallbacks] == "1")
            }
            try await client.execute(uri: "/health/deployments/sim-cheap", method: .post, body: Self.body(#"{"state":"auto"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: chat) { response in
                #expect(response.headers[TriageHeaders.model] == "sim-cheap")
                #expect(response.headers[TriageHeaders.fallbacks] == "0")
            }
            try await client.execute(uri: "/health/deployments/nope", method: .post, body: Self.body(#"{"state":"down"}"#)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/health/deployments/sim-cheap", method: .post, body: Self.body(#"{"state":"sideways"}"#)) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func failuresListEachAttempt() async throws {
        let app = try await GatewayApplication.build(config: Self.config(faults: SimulatedFaults(serverError: 1)), port: 0, health: HealthRegistry(clock: ManualClock()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"frontier","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                #expect(response.status == .badGateway)
                let message = try #require((try Self.object(response.body)["error"] as? [String: Any])?["message"] as? String)
                #expect(message.contains("sim-frontier") && message.contains("500"), "\(message)")
            }
        }
    }

    @Test func silentUpstreamHitsTheTTFTTimeout() async throws {
        let app = try await GatewayApplication.build(config: Self.config(faults: SimulatedFaults(timeout: 1)), port: 0, health: HealthRegistry(clock: ManualClock()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)) { response in
                #expect(response.status == .gatewayTimeout)
                let message = try #require((try Self.object(response.body)["error"] as? [String: Any])?["message"] as? String)
                #expect(message.contains("first token"), "\(message)")
            }
        }
    }

    /// The first deployment's `total` bounds the whole request: each attempt gets at most what
    /// is left of it, and a deployment reached after it ran out is not tried.
    @Test func totalTimeoutEndsTheAttempts() async throws {
        var config = Self.config(faults: SimulatedFaults(timeout: 1))
        let index = try #require(config.modelGroups.firstIndex { $0.name == "cheap" })
        let template = config.modelGroups[index].deployments[0]
        config.modelGroups[index].deployments = (1...3).map { n in
            var d = template
            d.id = "silent-\(n)"
            d.timeouts = Timeouts(total: .milliseconds(250), attempt: .milliseconds(150), ttft: .milliseconds(150))
            return d
        }
        let app = try await GatewayApplication.build(config: config, port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"hi"}]}"#)) { response in
                #expect(response.status == .gatewayTimeout)
                let message = try #require((try Self.object(response.body)["error"] as? [String: Any])?["message"] as? String)
                // At most two attempts fit in the total (one, when a busy machine slows the
                // first past it); the third deployment is never reached.
                let tried = (1...3).filter { message.contains("silent-\($0)") }
                #expect((1...2).contains(tried.count), "\(message)")
                #expect(message.contains("total timeout"), "\(message)")
            }
        }
    }

    @Test func resetMidStreamEndsWithAnErrorEvent() async throws {
        let app = try await GatewayApplication.build(config: Self.config(faults: SimulatedFaults(connectionReset: 1)), port: 0, health: HealthRegistry(clock: ManualClock()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","stream":true,"messages":[{"role":"user","content":"Tell me a story about a lighthouse"}]}"#)) { response in
                #expect(response.status == .ok, "headers were sent with the first chunk")
                let text = String(buffer: response.body)
                #expect(text.contains(#""error""#) && text.contains("reset"))
                #expect(text.hasSuffix("data: [DONE]\n\n"))
            }
        }
    }

    @Test func modelsHealthAndMetrics() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get) { response in
                let ids = (try Self.object(response.body)["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids.contains("cheap") && ids.contains("frontier"))
            }
            try await client.execute(uri: "/health/liveness", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/readiness", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/chat/completions", method: .post,
                                     body: Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"hi"}]}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE triage_requests_total counter"))
                #expect(text.contains(#"triage_requests_total{model_group="cheap",deployment="sim-cheap",status="200"} 1"#))
                #expect(text.contains(#"triage_request_duration_seconds_bucket{model_group="cheap",le="+Inf"} 1"#))
                #expect(text.contains("triage_cost_usd_total"))
            }
        }
    }

    /// With a master key the API needs it (as a bearer token or `x-api-key`); probes and the
    /// metrics scrape stay open, and a refusal never repeats what was sent.
    @Test func masterKeyGuardsTheAPI() async throws {
        var config = Self.config()
        config.server.masterKey = .environment("TRIAGE_TEST_MASTER")
        let state = try await GatewayState(config: config, environment: ["TRIAGE_TEST_MASTER": "sk-master-0123456789"])
        let app = GatewayApplication.build(state: state, port: 0)
        let chat = Self.body(#"{"model":"cheap","messages":[{"role":"user","content":"hi"}]}"#)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: chat) { response in
                #expect(response.status == .unauthorized)
                let error = try #require(try Self.object(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_api_key")
                #expect(error["type"] as? String == "authentication_error")
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer sk-master-0123456788"]) { response in
                #expect(response.status == .unauthorized)
                #expect(!String(buffer: response.body).contains("sk-master"))
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer sk-master-01234567890"]) {
                #expect($0.status == .unauthorized, "a longer key with the right prefix is still wrong")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer sk-master-0123456789"], body: chat) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [TriageHeaders.apiKey: "sk-master-0123456789"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/health/liveness", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// A real socket on 127.0.0.1 with port 0, as `triage serve` binds it.
    @Test func servesOnARealSocket() async throws {
        let app = try await GatewayApplication.build(config: Self.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health/liveness", method: .get) { #expect($0.status == .ok) }
        }
    }
}
