import Foundation
import Testing

@testable import TriageSchema

@Suite struct WireResponseTests {
    /// Decodes through Foundation, as a client would, so the checks do not trust our own parser.
    private func foundationObject(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func chatCompletionShape() throws {
        let completion = ChatCompletion(
            id: "chatcmpl-1", created: 1_700_000_000, model: "gpt-4o-mini",
            choices: [.init(index: 0, message: .init(content: "Hi"), finishReason: .stop)],
            usage: Usage(promptTokens: 5, completionTokens: 2))
        let bytes = completion.jsonBytes()
        #expect(String(decoding: bytes, as: UTF8.self) == #"""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",\#
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null},"logprobs":null,"finish_reason":"stop"}],\#
            "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7},"system_fingerprint":null}
            """#)
        let o = try foundationObject(bytes)
        #expect(Set(o.keys) == ["id", "object", "created", "model", "choices", "usage", "system_fingerprint"])
        let choice = try #require((o["choices"] as? [[String: Any]])?.first)
        #expect(choice["logprobs"] is NSNull)
        #expect(try JSONDecoder().decode(ChatCompletion.self, from: Data(bytes)) == completion)
    }

    @Test func toolCallsReplaceContentWithNull() throws {
        let message = ChatCompletion.Message(content: nil, toolCalls: [ToolCall(id: "call_1", name: "f", arguments: #"{"a":1}"#)])
        let o = try foundationObject(try JSONValue(encoding: message).serialized())
        #expect(o["content"] is NSNull)
        let call = try #require((o["tool_calls"] as? [[String: Any]])?.first)
        #expect(call["id"] as? String == "call_1" && call["type"] as? String == "function")
        #expect((call["function"] as? [String: Any])?["arguments"] as? String == #"{"a":1}"#)
        // Without tool calls the key is absent, as OpenAI sends it.
        #expect(try foundationObject(try JSONValue(encoding: ChatCompletion.Message(content: "x")).serialized())["tool_calls"] == nil)
    }

    @Test func chunkShapes() throws {
        let first = ChatCompletionChunk(
            id: "c", created: 1, model: "m", choices: [.init(delta: .init(role: "assistant", content: ""))])
        #expect(first.jsonValue.jsonString == #"""
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":null,\#
            "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}
            """#)
        let tool = ChatCompletionChunk(id: "c", created: 1, model: "m", choices: [
            .init(delta: .init(toolCalls: [.init(index: 0, id: "call_1", type: "function", name: "f", arguments: "")])),
        ])
        #expect(tool.jsonValue["choices"]?[0]?["delta"] == [
            "tool_calls": [["index": 0, "id": "call_1", "type": "function", "function": ["name": "f", "arguments": ""]]],
        ])
        let fragment = ChatCompletionChunk.ToolCallDelta(index: 1, arguments: "{\"a")
        #expect(try JSONValue(encoding: fragment) == ["index": 1, "function": ["arguments": "{\"a"]])
        let finish = ChatCompletionChunk(id: "c", created: 1, model: "m", choices: [.init(delta: .init(), finishReason: .length)])
        #expect(finish.jsonValue["choices"]?[0] == ["index": 0, "delta": [:], "logprobs": nil, "finish_reason": "length"])
        let usage = ChatCompletionChunk.usageChunk(id: "c", created: 1, model: "m", usage: Usage(promptTokens: 1, completionTokens: 2))
        let o = try foundationObject(usage.jsonBytes())
        #expect((o["choices"] as? [Any])?.isEmpty == true)
        #expect((o["usage"] as? [String: Any])?["total_tokens"] as? Int == 3)
        let decoded = try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(tool.jsonBytes()))
        #expect(decoded == tool)
    }

    @Test func usageDetailsAppearOnlyWhenKnown() throws {
        #expect(try JSONValue(encoding: Usage(promptTokens: 1, completionTokens: 1)).objectValue?.keys
            == ["prompt_tokens", "completion_tokens", "total_tokens"])
        let detailed = Usage(promptTokens: 10, completionTokens: 4, cachedPromptTokens: 6, reasoningTokens: 3)
        let v = try JSONValue(encoding: detailed)
        #expect(v["prompt_tokens_details"] == ["cached_tokens": 6])
        #expect(v["completion_tokens_details"] == ["reasoning_tokens": 3])
        #expect(try JSONDecoder().decode(Usage.self, from: Data(v.serialized())) == detailed)
    }

    @Test func usageScan() {
        let final = Array(#"{"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4}}}"#.utf8)
        #expect(Usage.scan(final) == Usage(promptTokens: 9, completionTokens: 3, totalTokens: 12, cachedPromptTokens: 4))
        #expect(Usage.scan(Array(#"{"id":"c","choices":[{"delta":{"content":"x"}}],"usage":null}"#.utf8)) == nil)
        #expect(Usage.scan(Array(#"{"id":"c"}"#.utf8)) == nil)
        #expect(Usage.scan(Array("not json".utf8)) == nil)
    }

    /// Upstream counts are untrusted: huge ones (whose sum would trap) and negative ones are read
    /// as absent, through every way a usage is read.
    @Test func upstreamCountsOutOfRangeAreAbsent() throws {
        let huge = Array(#"{"choices":[],"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":-5}}}"#.utf8)
        #expect(Usage.scan(huge) == Usage(promptTokens: 0, completionTokens: 7))
        let decoded = try JSONDecoder().decode(Usage.self, from: Data(#"{"prompt_tokens":-3,"completion_tokens":9223372036854775807}"#.utf8))
        #expect(decoded == Usage(promptTokens: 0, completionTokens: 0))
        let anthropic = Usage(anthropic: ["input_tokens": .integer(Int64.max), "cache_creation_input_tokens": .integer(Int64.max),
                                          "cache_read_input_tokens": .integer(Int64.max), "output_tokens": .integer(-1)])
        #expect(anthropic == Usage(promptTokens: 0, completionTokens: 0))
    }

    @Test func modelListShape() throws {
        let list = ModelList(data: [.init(id: "triage/auto", created: 1, ownedBy: "triage")])
        #expect(list.jsonValue.jsonString
            == #"{"object":"list","data":[{"id":"triage/auto","object":"model","created":1,"owned_by":"triage"}]}"#)
        #expect(try JSONDecoder().decode(ModelList.self, from: Data(list.jsonBytes())) == list)
    }

    @Test func embeddingResponseShape() throws {
        let response = EmbeddingResponse(
            data: [.init(index: 0, vector: .floats([0.25, -1])), .init(index: 1, vector: .base64("AACAPg=="))],
            model: "e", usage: .init(promptTokens: 4))
        #expect(response.jsonValue.jsonString == #"""
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-1.0]},\#
            {"object":"embedding","index":1,"embedding":"AACAPg=="}],"model":"e","usage":{"prompt_tokens":4,"total_tokens":4}}
            """#)
        #expect(try JSONDecoder().decode(EmbeddingResponse.self, from: Data(response.jsonBytes())) == response)
    }

    @Test func errorBodyShape() throws {
        let body = OpenAIErrorBody(kind: .modelNotFound, message: "The model 'x' does not exist", param: "model")
        #expect(body.jsonValue.jsonString
            == #"{"error":{"message":"The model 'x' does not exist","type":"invalid_request_error","param":"model","code":"model_not_found"}}"#)
        let plain = OpenAIErrorBody(kind: .invalidRequest, message: "bad")
        let inner = try #require(try foundationObject(plain.jsonBytes())["error"] as? [String: Any])
        #expect(inner["param"] is NSNull && inner["code"] is NSNull)
        #expect(try JSONDecoder().decode(OpenAIErrorBody.self, from: Data(body.jsonBytes())) == body)
    }

    @Test func errorKindsMapToStatuses() {
        let expected: [(APIErrorKind, Int, String)] = [
            (.invalidRequest, 400, "invalid_request_error"), (.authentication, 401, "authentication_error"),
            (.permissionDenied, 403, "permission_error"), (.notFound, 404, "not_found_error"),
            (.modelNotFound, 404, "invalid_request_error"), (.requestTooLarge, 413, "invalid_request_error"),
            (.rateLimited, 429, "rate_limit_error"), (.budgetExceeded, 429, "budget_exceeded"),
            (.internalError, 500, "server_error"), (.badGateway, 502, "server_error"),
            (.serviceUnavailable, 503, "server_error"), (.gatewayTimeout, 504, "server_error"),
        ]
        for (kind, status, type) in expected {
            #expect(kind.status == status && kind.type == type, "\(kind)")
        }
        #expect(APIErrorKind.modelNotFound.code == "model_not_found")
        #expect(APIErrorKind(status: 529) == .serviceUnavailable)
        #expect(APIErrorKind(status: 418) == .invalidRequest)
        #expect(APIErrorKind.allCases.filter(\.isRetryable).map(\.status).allSatisfy { $0 == 409 || $0 == 429 || $0 >= 500 })
        #expect(!APIErrorKind.budgetExceeded.isRetryable && APIErrorKind.rateLimited.isRetryable)
    }

    @Test func upstreamCompletionDecodesLeniently() throws {
        let text = #"{"id":"x","choices":[{"message":{"content":null,"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls","extra":1}],"service_tier":"default"}"#
        let c = try JSONDecoder().decode(ChatCompletion.self, from: Data(text.utf8))
        #expect(c.choices[0].finishReason == .toolCalls)
        #expect(c.choices[0].message.toolCalls.first?.function.name == "f")
        #expect(c.usage == nil && c.object == "chat.completion")
    }
}
