import AsyncHTTPClient
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import NIOHTTP1
import Testing
import TriageGateway
import TriageSchema

/// The real providers against a scripted upstream on 127.0.0.1, port 0, that replays recorded
/// responses chosen by the request's `model` (the way TensorZero's dummy provider works).
@Suite struct UpstreamProviderTests {
    static let secret = "sk-test-SECRET-123"
    static let environment = ["TEST_KEY": secret]

    // MARK: OpenAI-compatible

    @Test func openAICompletionSendsPathHeadersAndUnknownFields() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","messages":[{"role":"user","content":"Hi"}],"temperature":0.3,"x_vendor":{"beam":[1,2]},"stream":false}"#)
            let answer = try await provider.complete(request, deployment: upstream.openai("ok"))
            // The upstream's body reaches the client byte for byte; usage is read for billing.
            #expect(String(buffer: answer.body) == ScriptedUpstream.completion)
            #expect(answer.usage == Usage(promptTokens: 9, completionTokens: 3, totalTokens: 12))
            let completion = try answer.completion()
            #expect(completion.choices.first?.message.content == "Hello there!")

            let received = try #require(await upstream.recorder.requests.first)
            #expect(received.path == "/v1/chat/completions")
            #expect(received.headers["authorization"] == "Bearer \(Self.secret)")
            #expect(received.headers["content-type"] == "application/json")
            let body = try received.object()
            #expect(body["model"] as? String == "ok", "the deployment's model replaces the client's")
            #expect(body["x_vendor"] as? NSDictionary == ["beam": [1, 2]], "unknown fields reach the upstream unchanged")
            #expect(body["temperature"] as? Double == 0.3)
            #expect(body["stream_options"] == nil)
        }
    }

    @Test func openAIStreamEndsWithUsageChunk() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            let chunks = try await Self.collect(provider.stream(request, deployment: upstream.openai("stream")))
            #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Hello there!")
            let last = try #require(chunks.last)
            #expect(last.choices.isEmpty)
            #expect(last.usage?.totalTokens == 12)

            let body = try #require(await upstream.recorder.requests.first).object()
            #expect(body["stream"] as? Bool == true)
            #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true, "usage is always asked for, for billing")
        }
    }

    @Test(arguments: [
        ("limited", UpstreamFailure.rateLimited(retryAfter: .seconds(2))),
        ("broken", .serverError(status: 500, message: "The server had an error while processing your request.")),
        ("denied", .authentication(status: 401, message: "Incorrect API key provided.")),
        ("long", .contextWindowExceeded("This model's maximum context length is 8192 tokens.")),
        ("filtered", .contentPolicy("Your request was rejected by the safety system.")),
        ("unknown", .badRequest(status: 404, message: "The model `unknown` does not exist.")),
        ("garbage", .malformedResponse("the answer is not a complete JSON object (expected a JSON object at byte 0): <html>oops</html>")),
    ])
    func openAIErrorsAreClassified(model: String, expected: UpstreamFailure) async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            let error = await #expect(throws: UpstreamFailure.self) { try await provider.complete(request, deployment: upstream.openai(model)) }
            #expect(error == expected)
            #expect(error?.summary.contains(Self.secret) == false, "the key never reaches an error message")
        }
    }

    @Test func retryAfterIsReadInMillisecondsAndAsAnHTTPDate() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            let ms = await #expect(throws: UpstreamFailure.self) { try await provider.complete(request, deployment: upstream.openai("limited-ms")) }
            #expect(ms == .rateLimited(retryAfter: .milliseconds(1500)), "retry-after-ms wins over retry-after")
            let dated = await #expect(throws: UpstreamFailure.self) { try await provider.complete(request, deployment: upstream.openai("limited-date")) }
            guard case let .rateLimited(after?) = dated else { Issue.record("expected a retry-after, got \(String(describing: dated))"); return }
            #expect(after > .seconds(5) && after <= .seconds(10), "an HTTP date ten seconds ahead, less the second it was rounded to")
        }
    }

    @Test func streamRefusedBeforeFirstChunkThrowsTheFailure() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            let error = await #expect(throws: UpstreamFailure.self) { try await Self.collect(provider.stream(request, deployment: upstream.openai("limited"))) }
            #expect(error == .rateLimited(retryAfter: .seconds(2)))
        }
    }

    @Test(arguments: ["cut", "nodone"])
    func streamCutMidwayYieldsChunksThenFails(model: String) async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            var received: [ChatCompletionChunk] = []
            let error = await #expect(throws: UpstreamFailure.self) {
                for try await chunk in provider.stream(request, deployment: upstream.openai(model)) { received.append(chunk) }
            }
            #expect(received.count == 2)
            #expect(error?.errorClass == "connection")
        }
    }

    @Test func clientDisconnectCancelsTheUpstreamRequest() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            for try await _ in provider.stream(request, deployment: upstream.openai("slow")) { break }
            for _ in 0..<100 where await !upstream.recorder.disconnected { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await upstream.recorder.disconnected, "the upstream saw the connection close")
        }
    }

    @Test func missingKeyVariableIsAnAuthenticationFailureNamingIt() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: [:])
            let request = try Self.request(#"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            let error = await #expect(throws: UpstreamFailure.self) { try await provider.complete(request, deployment: upstream.openai("ok")) }
            #expect(error?.errorClass == "authentication")
            #expect(error?.summary.contains("TEST_KEY") == true)
            #expect(await upstream.recorder.requests.isEmpty, "nothing is sent without the key")
        }
    }

    @Test func azureUsesDeploymentPathVersionAndKeyHeader() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = OpenAICompatibleProvider(environment: Self.environment)
            let deployment = Deployment(id: "az", model: "ok", provider: .azure(.init(
                baseURL: URL(string: upstream.base)!, apiKey: .environment("TEST_KEY"), apiVersion: "2024-10-21")))
            let request = try Self.request(#"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            _ = try await provider.complete(request, deployment: deployment)
            let received = try #require(await upstream.recorder.requests.first)
            #expect(received.path == "/openai/deployments/ok/chat/completions?api-version=2024-10-21")
            #expect(received.headers["api-key"] == Self.secret)
            #expect(received.headers["authorization"] == nil)
        }
    }

    // MARK: Anthropic

    @Test func anthropicCompletionTranslatesBothWays() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = AnthropicProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}]}"#)
            let completion = try await provider.complete(request, deployment: upstream.anthropic("claude-ok")).completion()
            let choice = try #require(completion.choices.first)
            #expect(choice.finishReason == .toolCalls)
            #expect(choice.message.toolCalls.first?.function.name == "get_weather")
            #expect(completion.usage?.completionTokens == 89)

            let received = try #require(await upstream.recorder.requests.first)
            #expect(received.path == "/v1/messages")
            #expect(received.headers["x-api-key"] == Self.secret)
            #expect(received.headers["anthropic-version"] == "2023-06-01")
            let body = try received.object()
            #expect(body["system"] as? String == "Be brief.")
            #expect(body["max_tokens"] as? Int == 4096)
            #expect(body["model"] as? String == "claude-ok")
        }
    }

    @Test func anthropicStreamIgnoresPingsAndEndsWithUsage() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = AnthropicProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"claude","stream":true,"messages":[{"role":"user","content":"Weather?"}]}"#)
            let chunks = try await Self.collect(provider.stream(request, deployment: upstream.anthropic("claude-stream")))
            #expect(chunks.first?.choices.first?.delta.role == "assistant")
            #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Okay, let's check the weather for San Francisco, CA:")
            #expect(chunks.contains { $0.choices.first?.finishReason == .toolCalls })
            let last = try #require(chunks.last)
            #expect(last.choices.isEmpty)
            #expect(last.usage?.promptTokens == 472)
            #expect(try #require(await upstream.recorder.requests.first).object()["stream"] as? Bool == true)
        }
    }

    @Test func anthropicErrorEventMidStreamFailsAfterTheFirstChunks() async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = AnthropicProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"claude","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            var received: [ChatCompletionChunk] = []
            let error = await #expect(throws: UpstreamFailure.self) {
                for try await chunk in provider.stream(request, deployment: upstream.anthropic("claude-error")) { received.append(chunk) }
            }
            #expect(received.compactMap { $0.choices.first?.delta.content }.joined() == "Hello")
            #expect(error == .serverError(status: 503, message: "Overloaded"))
        }
    }

    @Test(arguments: [
        ("claude-overloaded", UpstreamFailure.serverError(status: 529, message: "Overloaded")),
        ("claude-long", .contextWindowExceeded("prompt is too long: 215000 tokens > 200000 maximum")),
    ])
    func anthropicErrorsAreClassified(model: String, expected: UpstreamFailure) async throws {
        try await ScriptedUpstream.run { upstream in
            let provider = AnthropicProvider(environment: Self.environment)
            let request = try Self.request(#"{"model":"claude","messages":[{"role":"user","content":"Hi"}]}"#)
            let error = await #expect(throws: UpstreamFailure.self) { try await provider.complete(request, deployment: upstream.anthropic(model)) }
            #expect(error == expected)
        }
    }

    // MARK: End to end

    @Test func gatewayServesAnOpenAIDeployment() async throws {
        try await ScriptedUpstream.run { upstream in
            let config = GatewayConfig(modelGroups: [
                ModelGroup(name: "gpt", deployments: [upstream.openai("ok")]),
                ModelGroup(name: "gpt-stream", deployments: [upstream.openai("stream")]),
            ])
            let providers = ProviderSet(openAICompatible: OpenAICompatibleProvider(environment: Self.environment))
            let app = try await GatewayApplication.build(config: config, port: 0, providers: providers)
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)) { response in
                    #expect(response.status == .ok)
                    let json = try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                    let message = (json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
                    #expect(message?["content"] as? String == "Hello there!")
                }
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"model":"gpt-stream","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"#)) { response in
                    #expect(response.status == .ok)
                    let events = String(buffer: response.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
                    #expect(events.last == "data: [DONE]")
                    #expect(events.count == 6, "four content chunks, the usage chunk, [DONE]")
                    #expect(events.dropLast().last?.contains(#""total_tokens":12"#) == true)
                }
            }
            #expect(await upstream.recorder.requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions"])
        }
    }

    /// The client leaves while the upstream is silent (it only sends keep-alive comments, as a
    /// model does while it thinks): the gateway notices within its check interval and cancels
    /// the upstream call, rather than waiting for a write to fail.
    @Test func clientLeavingAQuietStreamCancelsTheUpstreamThroughTheGateway() async throws {
        try await ScriptedUpstream.run { upstream in
            let config = GatewayConfig(modelGroups: [ModelGroup(name: "gpt-slow", deployments: [upstream.openai("slow")])])
            let providers = ProviderSet(openAICompatible: OpenAICompatibleProvider(environment: Self.environment))
            let app = try await GatewayApplication.build(config: config, host: "127.0.0.1", port: 0, providers: providers)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let socket = try RawSocket(port: port)
                socket.post("/v1/chat/completions", json: #"{"model":"gpt-slow","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
                let head = socket.receive()
                #expect(head.hasPrefix("HTTP/1.1 200"), "\(head)")
                #expect(await !upstream.recorder.disconnected)
                socket.hangUp()
                for _ in 0..<150 where await !upstream.recorder.disconnected { try await Task.sleep(for: .milliseconds(20)) }
                #expect(await upstream.recorder.disconnected, "the upstream saw its connection close")
            }
        }
    }

    // MARK: Helpers

    static func request(_ json: String) throws -> ChatCompletionRequest {
        try ChatCompletionRequest(body: Array(json.utf8))
    }

    static func collect(_ stream: AsyncThrowingStream<ChatCompletionChunk, any Error>) async throws -> [ChatCompletionChunk] {
        var out: [ChatCompletionChunk] = []
        for try await chunk in stream { out.append(chunk) }
        return out
    }
}

/// What the scripted upstream saw.
actor UpstreamRecorder {
    struct Received: Sendable {
        var path: String
        /// Lower-cased names.
        var headers: [String: String]
        var body: [UInt8]

        func object() throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        }
    }

    private(set) var requests: [Received] = []
    private(set) var disconnected = false

    func record(_ r: Received) { requests.append(r) }
    func markDisconnected() { disconnected = true }
}

/// A local HTTP server replaying recorded upstream responses, chosen by the body's `model`.
struct ScriptedUpstream: Sendable {
    let base: String
    let recorder: UpstreamRecorder

    func openai(_ model: String) -> Deployment {
        Deployment(id: "oa-\(model)", model: model,
                   provider: .openai(.init(baseURL: URL(string: base + "/v1")!, apiKey: .environment("TEST_KEY"))),
                   timeouts: Timeouts(total: .seconds(10), attempt: .seconds(5), ttft: .seconds(5)))
    }

    func anthropic(_ model: String) -> Deployment {
        Deployment(id: "an-\(model)", model: model,
                   provider: .anthropic(.init(baseURL: URL(string: base)!, apiKey: .environment("TEST_KEY"))),
                   timeouts: Timeouts(total: .seconds(10), attempt: .seconds(5), ttft: .seconds(5)))
    }

    /// Starts the server, runs `body` against it, and stops it.
    static func run(_ body: @Sendable (ScriptedUpstream) async throws -> Void) async throws {
        let recorder = UpstreamRecorder()
        let router = Router()
        router.post("**") { request, _ -> Response in
            let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            await recorder.record(.init(path: request.uri.description, headers: headers, body: bytes))
            let model = (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["model"] as? String ?? ""
            return try Self.reply(to: model, recorder: recorder)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(ScriptedUpstream(base: "http://127.0.0.1:\(port)", recorder: recorder))
        }
    }

    // MARK: Recorded responses

    static let completion = #"{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"#

    static func chunk(_ delta: String, finish: String? = nil) -> String {
        let reason = finish.map { #""\#($0)""# } ?? "null"
        return #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(reason)}],"usage":null}"# + "\n\n"
    }

    static let streamEvents = [
        chunk(#"{"role":"assistant","content":""}"#),
        chunk(#"{"content":"Hello"}"#),
        chunk(#"{"content":" there!"}"#),
        chunk("{}", finish: "stop"),
        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"# + "\n\n",
        "data: [DONE]\n\n",
    ]

    static func openAIError(_ message: String, type: String, code: String?) -> String {
        #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":\#(code.map { #""\#($0)""# } ?? "null")}}"#
    }

    static func anthropicError(_ type: String, _ message: String) -> String {
        #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"}}"#
    }

    static func reply(to model: String, recorder: UpstreamRecorder) throws -> Response {
        switch model {
        case "ok": return json(200, completion)
        case "stream":
            // Split at awkward places so the parser must join pieces across reads.
            let all = streamEvents.joined()
            let cuts = stride(from: 0, to: all.utf8.count, by: 37).map { i in Array(all.utf8.dropFirst(i).prefix(37)) }
            return sse(cuts.map { String(decoding: $0, as: UTF8.self) }, close: false)
        case "cut": return sse(Array(streamEvents.prefix(2)), close: true)
        case "nodone": return sse(Array(streamEvents.prefix(2)), close: false)
        case "slow":
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: streamEvents[0]))
                do {
                    for _ in 0..<250 {
                        try await Task.sleep(for: .milliseconds(20))
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                } catch {
                    await recorder.markDisconnected()
                    throw error
                }
                try await writer.finish(nil)
            })
        case "limited":
            return json(429, openAIError("Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded"), extra: ["retry-after": "2"])
        case "limited-ms":
            return json(429, openAIError("Rate limit reached", type: "requests", code: "rate_limit_exceeded"), extra: ["retry-after": "2", "retry-after-ms": "1500"])
        case "limited-date":
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return json(429, openAIError("Rate limit reached", type: "requests", code: "rate_limit_exceeded"),
                        extra: ["retry-after": formatter.string(from: Date().addingTimeInterval(10))])
        // For the resilience tests: statuses the simulated provider cannot produce.
        case "invalid": return json(400, openAIError("Invalid value for 'temperature': expected at most 2.", type: "invalid_request_error", code: nil))
        case "forbidden": return json(403, openAIError("You are not allowed to sample from this model.", type: "permission_error", code: nil))
        case "timeout408": return json(408, openAIError("The upstream timed out waiting for the request.", type: "timeout", code: nil))
        case "conflict409": return json(409, openAIError("Another request with this idempotency key is in progress.", type: "conflict", code: nil))
        case "broken": return json(500, openAIError("The server had an error while processing your request.", type: "server_error", code: nil))
        case "denied": return json(401, openAIError("Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key"))
        case "long": return json(400, openAIError("This model's maximum context length is 8192 tokens.", type: "invalid_request_error", code: "context_length_exceeded"))
        case "filtered": return json(400, openAIError("Your request was rejected by the safety system.", type: "invalid_request_error", code: "content_policy_violation"))
        case "garbage": return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>oops</html>")))
        case "claude-ok": return json(200, try fixture("anthropic_message_tool_use.json"))
        case "claude-stream": return sse([try fixture("anthropic_stream_tool_use.sse")], close: false)
        case "claude-error": return sse([try fixture("anthropic_stream_error.sse")], close: false)
        case "claude-overloaded": return json(529, anthropicError("overloaded_error", "Overloaded"))
        case "claude-long": return json(400, anthropicError("invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum"))
        default: return json(404, openAIError("The model `\(model)` does not exist.", type: "invalid_request_error", code: "model_not_found"))
        }
    }

    static func json(_ status: Int, _ text: String, extra: [String: String] = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An event stream written piece by piece; `close` drops the connection instead of ending the body.
    static func sse(_ pieces: [String], close: Bool) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            for piece in pieces {
                try await writer.write(ByteBuffer(string: piece))
            }
            if close {
                // Let the pieces leave before the abrupt close; closing with writes still
                // queued would drop them and make the cut land earlier than scripted.
                try await Task.sleep(for: .milliseconds(50))
                throw CancellationError()
            }
            try await writer.finish(nil)
        })
    }

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }
}
