import Foundation
import Testing
@testable import TriageSchema

/// What `Scripts/fuzz` found in the wire formats and the config decoder, each kept as the input
/// (shrunk by hand to its point) that once crashed, broke an invariant or took quadratic time.
/// The time limits are far above what the fixed code needs even in a debug build, and far
/// below what the quadratic code needed.
@Suite("Fuzzing findings: wire formats and config")
struct FuzzFindingsTests {
    // MARK: Usage counts (found while writing the targets; the request and sse targets reach it)

    @Test("a usage count near Int.max is read as absent instead of overflowing prompt + completion")
    func overflowingUsageCount() throws {
        let body = Array(#"{"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":1}}"#.utf8)
        #expect(Usage.scan(body) == Usage(promptTokens: 0, completionTokens: 1))

        let chunk = #"{"id":"c","choices":[],"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":1}}"#
        let decoded = try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(chunk.utf8))
        #expect(decoded.usage == Usage(promptTokens: 0, completionTokens: 1))

        let anthropic: JSONObject = [
            "input_tokens": .integer(.max), "cache_creation_input_tokens": .integer(.max),
            "cache_read_input_tokens": 5, "output_tokens": 2,
        ]
        #expect(Usage(anthropic: anthropic) == Usage(promptTokens: 5, completionTokens: 2, cachedPromptTokens: 5))
    }

    @Test("negative or oversized token counts are read as absent, so they never bill negative tokens")
    func negativeUsageCount() throws {
        let body = Array(#"{"usage":{"prompt_tokens":-500,"completion_tokens":3,"total_tokens":-497,"prompt_tokens_details":{"cached_tokens":4294967296}}}"#.utf8)
        #expect(Usage.scan(body) == Usage(promptTokens: 0, completionTokens: 3))

        var translator = AnthropicStreamTranslator(created: 0, includeUsage: true)
        _ = try translator.translate(SSEEvent(data: #"{"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1}}}"#))
        _ = try translator.translate(SSEEvent(data: #"{"type":"message_delta","delta":{},"usage":{"input_tokens":-1,"output_tokens":9223372036854775807}}"#))
        #expect(translator.usage == Usage(promptTokens: 10, completionTokens: 1))
    }

    // MARK: LiteLLM import (config target: "an import without issues does not decode")

    @Test("the importer applies config check's URL rule, so an import without issues always decodes")
    func liteLLMBaseURLs() throws {
        let tree: ConfigTree = [
            "model_list": [
                // The fuzzer's input: a URL with a user part and an empty host.
                ["model_name": "a", "litellm_params": ["model": "ollama/llama3.1", "api_base": "http://localhos@:11434"]],
                // A bad api_base used to be noted as skipped yet kept, calling the public service.
                ["model_name": "b", "litellm_params": ["model": "groq/llama-3.1-8b-instant", "api_base": "not a url"]],
                // Upper-case schemes are fine for config check, so they are fine here too.
                ["model_name": "c", "litellm_params": ["model": "openai/x", "api_base": "HTTPS://example.com/v1"]],
            ],
        ]
        let result = try LiteLLMConfigImporter().convert(tree)
        #expect(result.unmapped.map(\.description) == [
            "model_list[0]: deployment skipped: api_base \"http://localhos@:11434/v1\" is not an http(s) URL",
            "model_list[1]: deployment skipped: api_base \"not a url\" is not an http(s) URL",
        ])
        #expect(result.config.modelGroups.map(\.name) == ["c"])
        #expect(result.issues == [])
        #expect(try GatewayConfig.decode(json: result.config.jsonData(style: .minimal)) == result.config)
    }

    // MARK: Quadratic config checks (found by the 1 MB inputs Scripts/fuzz's slow-unit check asked for)

    @Test("a megabyte of repeated keys is reported in linear time, with correct lines", .timeLimit(.minutes(1)))
    func repeatedKeys() throws {
        let count = 150_000
        let text = "{\n" + Array(repeating: #""a": 0"#, count: count).joined(separator: ",\n") + "\n}"
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: Data(text.utf8)) }
        let duplicates = error.issues.filter { $0.description.contains("duplicate key") }
        #expect(duplicates.count == count - 1)
        #expect(duplicates.first?.description == "a: duplicate key (again at line 3, column 1)")
        #expect(duplicates.last?.description == "a: duplicate key (again at line \(count + 1), column 1)")
    }

    @Test("thousands of groups with problems are filtered in linear time", .timeLimit(.minutes(1)))
    func manyBrokenGroups() throws {
        let groups = (0..<12_000).map { i in
            #"{"name":"g\#(i)","strategy":1,"deployments":[{"model":"m","provider":{"kind":"sim"},"weight":-1}]}"#
        }
        let text = #"{"model_groups":["# + groups.joined(separator: ",") + "]}"
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: Data(text.utf8)) }
        #expect(error.issues.count == 2 * 12_000)
        #expect(error.issues.first?.description.hasPrefix("model_groups[0].strategy: must be") == true)
        #expect(error.issues.last?.description == "model_groups[11999].deployments[0].weight: must be a positive number")
    }

    @Test("an unknown provider kind with a hundred thousand members is checked in linear time", .timeLimit(.minutes(1)))
    func unknownKindWithManyMembers() throws {
        let members = (0..<100_000).map { #""k\#($0)":0"# }.joined(separator: ",")
        let text = #"{"model_groups":[{"name":"g","deployments":[{"model":"m","provider":{"kind":"zzz","# + members + "}}]}]}"
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: Data(text.utf8)) }
        #expect(error.issues.map(\.description) == [
            "model_groups[0].deployments[0].provider.kind: unknown provider kind \"zzz\" (expected openai, azure, anthropic or sim)",
        ])
    }

    @Test("a megabyte-long unknown key gets no suggestion, quickly", .timeLimit(.minutes(1)))
    func hugeUnknownKey() throws {
        let key = String(repeating: "model_groups", count: 80_000)
        #expect(KeySuggestion.closest(to: key, among: ["model_groups", "server"]) == nil)
        #expect(KeySuggestion.closest(to: "modelgroups", among: ["model_groups", "server"]) == "model_groups")
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: Data(#"{"\#(key)":1}"#.utf8)) }
        #expect(error.issues.contains { $0.kind == .unknownKey(key, suggestion: nil) })
    }
}
