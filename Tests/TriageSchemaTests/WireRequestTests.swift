import Foundation
import Testing

@testable import TriageSchema

/// Reads files under `Fixtures/wire/`.
enum WireFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/wire/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: bytes(name))
    }
}

@Suite struct WireRequestTests {
    private func parse(_ text: String) throws(RequestValidationError) -> ChatCompletionRequest {
        try ChatCompletionRequest(body: Array(text.utf8))
    }

    private func error(_ text: String) -> RequestValidationError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    private let hello = #"{"role":"user","content":"hi"}"#

    @Test func parsesTypedViews() throws {
        let r = try ChatCompletionRequest(body: WireFixture.bytes("openai_request_tools.json"))
        #expect(r.model == "triage/auto")
        #expect(r.messages.count == 8)
        #expect(r.messages[1].role == .developer)
        #expect(r.messages[3].content == .parts([
            .text("And this picture?"), .imageURL(url: "data:image/png;base64,iVBORw0KGgo=", detail: "low"),
        ]))
        #expect(r.messages[4].content == nil)
        #expect(r.messages[4].toolCalls.map(\.function.name) == ["get_weather", "get_time"])
        #expect(r.messages[5].toolCallID == "call_1")
        #expect(r.stream && r.includeUsage)
        #expect(r.maxOutputTokens == 256 && r.maxTokens == nil)
        #expect(r.temperature == 1.5 && r.topP == 0.9)
        #expect(r.stop == ["END"])
        #expect(r.user == "user-42")
        #expect(r.tools.map { $0.function?.name } == ["get_weather", "get_time"])
        #expect(r.toolChoice == .required)
        #expect(r.parallelToolCalls == false)
    }

    @Test func promptSummaryForTheRouter() throws {
        let r = try ChatCompletionRequest(body: WireFixture.bytes("openai_request_tools.json"))
        #expect(r.lastUserText == "Thanks! Summarize.")
        #expect(r.conversationTurns == 6)
        let parts = try parse(#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},{"type":"text","text":"b"}]}]}"#)
        #expect(parts.lastUserText == "a\nb")
        // "abcd" + "é" (2 bytes) = 6 bytes → 2 tokens.
        #expect(try parse(#"{"model":"m","messages":[{"role":"user","content":"abcdé"}]}"#).estimatedPromptTokens == 2)
    }

    @Test func upstreamBodyReplacesModelAndKeepsEverythingElse() throws {
        let bytes = try WireFixture.bytes("openai_request_tools.json")
        let original = try JSONValue(parsing: bytes)
        let r = try ChatCompletionRequest(body: bytes)
        let upstream = try JSONValue(parsing: r.upstreamBodyBytes(model: "gpt-4o-mini"))
        var expected = try #require(original.objectValue)
        expected["model"] = "gpt-4o-mini"
        #expect(upstream == .object(expected))
        // Key order, exact integers beyond 2^53 and odd numbers survive byte for byte.
        #expect(upstream.objectValue?.keys == original.objectValue?.keys)
        #expect(upstream["seed"] == .integer(9_007_199_254_740_993))
        let text = String(decoding: r.upstreamBodyBytes(model: "gpt-4o-mini"), as: UTF8.self)
        #expect(text.contains(#""x_vendor_extension":{"nested":[1,2.5,-0.0,1e-07,"é",null,true]}"#))
        #expect(text.contains(#""logit_bias":{"50256":-100}"#))
    }

    @Test func upstreamBodyStreamOptions() throws {
        let r = try parse(#"{"model":"m","messages":[\#(hello)],"stream":true,"stream_options":{"include_usage":false,"x":1}}"#)
        let forced = r.upstreamBody(model: "u", includeUsage: true)
        #expect(forced["stream_options"] == ["include_usage": true, "x": 1])
        let plain = r.upstreamBody(model: "u", stream: false)
        #expect(plain["stream"] == false && plain["stream_options"] == nil)
        let untouched = r.upstreamBody(model: "u")
        #expect(untouched["stream_options"] == ["include_usage": false, "x": 1])
        #expect(!r.includeUsage)
    }

    @Test func malformedJSON() throws {
        let e = try #require(error(#"{"model": "m", "messages": [}"#))
        #expect(e.message.hasPrefix("We could not parse the JSON body of your request"))
        #expect(e.param == nil)
        #expect(e.errorBody.type == "invalid_request_error")
    }

    @Test func bodyMustBeAnObject() throws {
        let e = try #require(error("[1,2]"))
        #expect(e.message == "Invalid type for request body: expected an object, but got an array instead.")
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"hi"}]}"#, "model", "'model' is a required property."),
        (#"{"model":"m"}"#, "messages", "'messages' is a required property."),
        (#"{"model":"m","messages":null}"#, "messages", "'messages' is a required property."),
        (#"{"model":"m","messages":[{"content":"hi"}]}"#, "messages[0].role", "'messages[0].role' is a required property."),
        (#"{"model":"m","messages":[{"role":"user"}]}"#, "messages[0].content", "'messages[0].content' is a required property."),
        (#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"tool","content":"r"}]}"#, "messages[1].tool_call_id",
         "'messages[1].tool_call_id' is a required property."),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url"}]}]}"#, "messages[0].content[0].image_url",
         "'messages[0].content[0].image_url' is a required property."),
    ])
    func missingFields(_ body: String, _ param: String, _ message: String) throws {
        let e = try #require(error(body))
        #expect(e.param == param)
        #expect(e.message == message)
        #expect(e.code == "missing_required_parameter")
    }

    @Test(arguments: [
        (#"{"model":5,"messages":[]}"#, "model", "Invalid type for 'model': expected a string, but got an integer instead."),
        (#"{"model":"m","messages":{}}"#, "messages", "Invalid type for 'messages': expected an array, but got an object instead."),
        (#"{"model":"m","messages":[{"role":"user","content":3}]}"#, "messages[0].content",
         "Invalid type for 'messages[0].content': expected a string or an array of content parts, but got an integer instead."),
        (#"{"model":"m","messages":["hi"]}"#, "messages[0]", "Invalid type for 'messages[0]': expected an object, but got a string instead."),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":1}]}]}"#, "messages[0].content[0].text",
         "Invalid type for 'messages[0].content[0].text': expected a string, but got an integer instead."),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}"#, "temperature",
         "Invalid type for 'temperature': expected a number, but got a string instead."),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#, "stream",
         "Invalid type for 'stream': expected a boolean, but got a string instead."),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1.5}"#, "max_tokens",
         "Invalid type for 'max_tokens': expected an integer, but got a number instead."),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":[1]}"#, "stop[0]",
         "Invalid type for 'stop[0]': expected a string, but got an integer instead."),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":1}"#, "tool_choice",
         "Invalid type for 'tool_choice': expected a string or an object, but got an integer instead."),
    ])
    func wrongTypes(_ body: String, _ param: String, _ message: String) throws {
        let e = try #require(error(body))
        #expect(e.param == param)
        #expect(e.message == message)
        #expect(e.code == "invalid_type")
    }

    @Test(arguments: [
        (#""temperature":3"#, "temperature", "Invalid value for 'temperature': must be between 0 and 2."),
        (#""temperature":-0.5"#, "temperature", "Invalid value for 'temperature': must be between 0 and 2."),
        (#""top_p":1.5"#, "top_p", "Invalid value for 'top_p': must be between 0 and 1."),
        (#""n":0"#, "n", "Invalid value for 'n': must be between 1 and 128, but got 0."),
        (#""max_tokens":0"#, "max_tokens", "Invalid value for 'max_tokens': must be between 1 and 2147483647, but got 0."),
        (#""max_completion_tokens":9223372036854775807"#, "max_completion_tokens",
         "Invalid value for 'max_completion_tokens': must be between 1 and 2147483647, but got 9223372036854775807."),
        (#""presence_penalty":2.5"#, "presence_penalty", "Invalid value for 'presence_penalty': must be between -2 and 2."),
        (#""tool_choice":"sometimes""#, "tool_choice", "Invalid value for 'tool_choice': 'sometimes' is not one of 'none', 'auto', 'required'."),
        (#""model":"""#, "model", "Invalid value for 'model': must not be empty."),
        (#""triage":{"lambda":-1}"#, "triage.lambda", "Invalid value for 'triage.lambda': must be at least 0."),
    ])
    func badValues(_ field: String, _ param: String, _ message: String) throws {
        let e = try #require(error(#"{"model":"m","messages":[\#(hello)],\#(field)}"#))
        #expect(e.param == param)
        #expect(e.message == message)
        #expect(e.code == "invalid_value")
    }

    @Test func badRoleNamesTheMessage() throws {
        let e = try #require(error(#"{"model":"m","messages":[\#(hello),\#(hello),{"role":"robot","content":"x"}]}"#))
        #expect(e.param == "messages[2].role")
        #expect(e.message.hasPrefix("Invalid value for 'messages[2].role': 'robot' is not one of the supported roles"))
    }

    @Test func emptyMessages() throws {
        let e = try #require(error(#"{"model":"m","messages":[]}"#))
        #expect(e.param == "messages" && e.code == "empty_array")
    }

    @Test func nullOptionalsReadAsAbsent() throws {
        let r = try parse(#"{"model":"m","messages":[\#(hello)],"temperature":null,"stop":null,"tools":null,"n":null}"#)
        #expect(r.temperature == nil && r.stop.isEmpty && r.tools.isEmpty && r.n == nil)
    }

    @Test func assistantMayOmitContentOnlyWithToolCalls() throws {
        let withCalls = #"{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}"#
        _ = try parse(#"{"model":"m","messages":[\#(hello),\#(withCalls)]}"#)
        let e = try #require(error(#"{"model":"m","messages":[\#(hello),{"role":"assistant"}]}"#))
        #expect(e.param == "messages[1].content")
        let badCall = #"{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f"}}]}"#
        #expect(error(#"{"model":"m","messages":[\#(badCall)]}"#)?.param == "messages[0].tool_calls[0].function.arguments")
    }

    @Test func unknownPartsAndToolsPassThrough() throws {
        let r = try parse(#"""
            {"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}],
             "tools":[{"type":"custom","custom":{"name":"x"}}],"tool_choice":{"type":"allowed_tools","mode":"auto"}}
            """#)
        guard case .parts(let parts)? = r.messages[0].content, case .other(let type, let raw) = parts[0] else {
            Issue.record("expected an opaque part")
            return
        }
        #expect(type == "input_audio" && raw["input_audio"]?["format"] == "wav")
        #expect(r.tools[0].type == "custom" && r.tools[0].function == nil)
        #expect(r.toolChoice == .other(["type": "allowed_tools", "mode": "auto"]))
    }

    @Test func embeddingRequests() throws {
        let text = try EmbeddingRequest(body: Array(#"{"model":"e","input":"hello world!","dimensions":8,"extra":1}"#.utf8))
        #expect(text.input == .text("hello world!") && text.dimensions == 8 && text.estimatedPromptTokens == 3)
        #expect(text.upstreamBody(model: "u") == ["model": "u", "input": "hello world!", "dimensions": 8, "extra": 1])
        let many = try EmbeddingRequest(body: Array(#"{"model":"e","input":["a","b"]}"#.utf8))
        #expect(many.input.count == 2)
        let tokens = try EmbeddingRequest(body: Array(#"{"model":"e","input":[[1,2],[3]]}"#.utf8))
        #expect(tokens.input == .tokenLists([[1, 2], [3]]) && tokens.estimatedPromptTokens == 3)
        #expect(throws: RequestValidationError.self) { try EmbeddingRequest(body: Array(#"{"model":"e","input":["a",1]}"#.utf8)) }
        #expect(throws: RequestValidationError.self) { try EmbeddingRequest(body: Array(#"{"model":"e","input":[]}"#.utf8)) }
        #expect(throws: RequestValidationError.self) { try EmbeddingRequest(body: Array(#"{"model":"e"}"#.utf8)) }
        #expect(throws: RequestValidationError.self) {
            try EmbeddingRequest(body: Array(#"{"model":"e","input":"x","encoding_format":"int8"}"#.utf8))
        }
    }
}
