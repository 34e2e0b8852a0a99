import Foundation
import Testing

@testable import TriageSchema

@Suite struct AnthropicTranslationTests {
    private func request(_ text: String) throws -> ChatCompletionRequest {
        try ChatCompletionRequest(body: Array(text.utf8))
    }

    // MARK: OpenAI request → Anthropic

    @Test func requestMatchesRecordedTranslation() throws {
        let r = try ChatCompletionRequest(body: WireFixture.bytes("openai_request_tools.json"))
        let body = try AnthropicRequestTranslator().body(for: r, model: "claude-sonnet-4-20250514")
        #expect(JSONValue.object(body) == (try WireFixture.json("anthropic_request_expected.json")))
        #expect(body.keys.first == "model")
    }

    @Test func defaultsAndClamping() throws {
        let r = try request(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.7,"max_tokens":50}"#)
        let body = try AnthropicRequestTranslator(defaultMaxTokens: 1024).body(for: r, model: "claude", stream: false)
        #expect(body["max_tokens"] == 50 && body["temperature"] == 0.7)
        #expect(body["stream"] == nil && body["system"] == nil && body["tools"] == nil && body["tool_choice"] == nil)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "hi"]]]])
        let bare = try request(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":2}"#)
        let out = try AnthropicRequestTranslator(defaultMaxTokens: 1024).body(for: bare, model: "claude")
        #expect(out["max_tokens"] == 1024 && out["temperature"] == 1.0)
    }

    @Test(arguments: [
        (#""auto""#, #"{"type":"auto"}"#), (#""none""#, #"{"type":"none"}"#), (#""required""#, #"{"type":"any"}"#),
        (#"{"type":"function","function":{"name":"f"}}"#, #"{"type":"tool","name":"f"}"#),
    ])
    func toolChoiceMapping(_ openAI: String, _ anthropic: String) throws {
        let r = try request(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":\#(openAI)}"#)
        let body = try AnthropicRequestTranslator().body(for: r, model: "c")
        #expect(body["tool_choice"] == (try JSONValue(parsing: anthropic)))
    }

    @Test func mergesSameRoleAndKeepsHTTPImages() throws {
        let r = try request(#"""
            {"model":"m","messages":[
              {"role":"user","content":"a"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x.test/cat.jpg"}}]},
              {"role":"assistant","content":"b"},{"role":"assistant","content":""},{"role":"system","content":"late rule"},
              {"role":"assistant","content":"c"}]}
            """#)
        let body = try AnthropicRequestTranslator().body(for: r, model: "c")
        #expect(body["system"] == "late rule")
        #expect(body["messages"] == [
            ["role": "user", "content": [
                ["type": "text", "text": "a"],
                ["type": "image", "source": ["type": "url", "url": "https://x.test/cat.jpg"]],
            ]],
            ["role": "assistant", "content": [["type": "text", "text": "b"], ["type": "text", "text": "c"]]],
        ])
    }

    @Test(arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}"#, "n"),
        (#"{"model":"m","messages":[{"role":"system","content":"only rules"}]}"#, "messages"),
        (#"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}"#,
         "messages[0].tool_calls[0].function.arguments"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}"#,
         "messages[0].content[0].image_url.url"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}"#, "messages[0].content[0].type"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"custom","custom":{"name":"x"}}]}"#, "tools[0].type"),
    ])
    func untranslatableRequestsNameTheField(_ body: String, _ param: String) throws {
        let r = try request(body)
        #expect(performing: { try AnthropicRequestTranslator().body(for: r, model: "c") },
                throws: { ($0 as? RequestValidationError)?.param == param })
    }

    // MARK: Anthropic response → OpenAI

    @Test func responseMatchesRecordedMessage() throws {
        let c = try ChatCompletion(anthropic: WireFixture.bytes("anthropic_message_tool_use.json"), created: 1_700_000_000)
        #expect(c.id == "msg_01Aq9w938a90dw8q" && c.model == "claude-sonnet-4-20250514" && c.created == 1_700_000_000)
        let choice = try #require(c.choices.first)
        #expect(choice.finishReason == .toolCalls)
        #expect(choice.message.content == "I'll check the weather in Paris for you.")
        let call = try #require(choice.message.toolCalls.first)
        #expect(call.id == "toolu_01A09q90qw90lq917835lq9" && call.function.name == "get_weather")
        #expect(try JSONValue(parsing: call.function.arguments) == ["location": "Paris, France", "unit": "celsius", "days": 3])
        // Anthropic's input_tokens exclude the cache; OpenAI's prompt_tokens include it.
        #expect(c.usage == Usage(promptTokens: 1572, completionTokens: 89, cachedPromptTokens: 1000))
        let o = c.jsonValue
        #expect(o["object"] == "chat.completion" && o["choices"]?[0]?["logprobs"] == .null)
    }

    @Test(arguments: [
        ("end_turn", FinishReason.stop), ("stop_sequence", .stop), ("max_tokens", .length),
        ("tool_use", .toolCalls), ("refusal", .contentFilter),
    ])
    func stopReasons(_ anthropic: String, _ openAI: FinishReason) throws {
        let json: JSONValue = [
            "id": "msg", "type": "message", "role": "assistant", "model": "c",
            "content": [["type": "text", "text": "x"]], "stop_reason": .string(anthropic),
            "usage": ["input_tokens": 1, "output_tokens": 2],
        ]
        let c = try ChatCompletion(anthropic: json, model: "logical", created: 0)
        #expect(c.choices[0].finishReason == openAI && c.model == "logical")
        #expect(c.usage == Usage(promptTokens: 1, completionTokens: 2))
    }

    @Test func errorBodies() throws {
        let overloaded = AnthropicError(
            status: 529, body: Array(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8))
        #expect(overloaded.status == 503 && overloaded.isRetryable && overloaded.type == "overloaded_error")
        #expect(overloaded.errorBody == OpenAIErrorBody(message: "Overloaded", type: "server_error", code: "service_unavailable"))
        let invalid = AnthropicError(
            status: 400, body: Array(#"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too big"}}"#.utf8))
        #expect(invalid.status == 400 && !invalid.isRetryable && invalid.errorBody.type == "invalid_request_error")
        let html = AnthropicError(status: 502, body: Array("<html>bad gateway</html>".utf8))
        #expect(html.status == 502 && html.message.contains("bad gateway"))
        #expect(AnthropicError(type: "rate_limit_error", message: "slow down").status == 429)
        #expect(throws: AnthropicError.self) {
            try ChatCompletion(anthropic: Array(#"{"type":"error","error":{"type":"api_error","message":"boom"}}"#.utf8), created: 0)
        }
    }

    // MARK: Anthropic stream → OpenAI chunks

    private func events(_ fixture: String) throws -> [SSEEvent] {
        var parser = SSEParser()
        return try parser.feed(WireFixture.bytes(fixture)) + parser.finish()
    }

    @Test func streamTranslatesRecordedEvents() throws {
        var t = AnthropicStreamTranslator(created: 42, includeUsage: true, model: "triage/auto")
        var chunks: [ChatCompletionChunk] = []
        for event in try events("anthropic_stream_tool_use.sse") { chunks += try t.translate(event) }
        try t.finish()

        #expect(chunks.allSatisfy { $0.id == "msg_014p7gG3wDgGV9EUtLvnow3U" && $0.model == "triage/auto" && $0.created == 42 })
        let deltas = chunks.dropLast().map { $0.choices[0].delta }
        #expect(deltas[0] == .init(role: "assistant", content: ""))
        #expect(deltas.compactMap(\.content).joined() == "Okay, let's check the weather for San Francisco, CA:")
        let calls = deltas.compactMap(\.toolCalls).flatMap { $0 }
        #expect(calls.first == .init(index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", name: "get_weather", arguments: ""))
        #expect(calls.allSatisfy { $0.index == 0 })
        let arguments = calls.compactMap(\.arguments).joined()
        #expect(try JSONValue(parsing: arguments) == ["location": "San Francisco, CA", "unit": "fahrenheit"])

        let finish = chunks[chunks.count - 2]
        #expect(finish.choices == [.init(delta: .init(), finishReason: .toolCalls)])
        let usage = try #require(chunks.last)
        #expect(usage.choices.isEmpty && usage.usage == Usage(promptTokens: 472, completionTokens: 89))
        #expect(chunks.dropLast().allSatisfy { $0.usage == nil })
        #expect(t.isComplete && t.usage.totalTokens == 561)
    }

    @Test func streamWithoutIncludeUsageStopsAtFinish() throws {
        var t = AnthropicStreamTranslator(created: 0, includeUsage: false)
        var chunks: [ChatCompletionChunk] = []
        for event in try events("anthropic_stream_tool_use.sse") { chunks += try t.translate(event) }
        #expect(chunks.last?.choices.first?.finishReason == .toolCalls)
        #expect(chunks.allSatisfy { $0.usage == nil && $0.model == "claude-sonnet-4-20250514" })
        #expect(t.usage.completionTokens == 89)  // still known, for billing
    }

    @Test func streamErrorMidway() throws {
        var t = AnthropicStreamTranslator(created: 0, includeUsage: true)
        var chunks: [ChatCompletionChunk] = []
        var caught: AnthropicError?
        for event in try events("anthropic_stream_error.sse") {
            do {
                chunks += try t.translate(event)
            } catch {
                caught = error
                break
            }
        }
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Hello")
        let error = try #require(caught)
        #expect(error.type == "overloaded_error" && error.status == 503 && error.isRetryable)
        #expect(!t.isComplete)
        #expect(throws: AnthropicError.self) { try t.finish() }
    }

    @Test func truncatedStreamIsAnError() throws {
        var t = AnthropicStreamTranslator(created: 0, includeUsage: false)
        _ = try t.translate(SSEEvent(event: "message_start", data: #"{"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1}}}"#))
        #expect(throws: AnthropicError.self) { try t.finish() }
        #expect(throws: AnthropicError.self) { try t.translate(SSEEvent(data: "not json")) }
    }
}
