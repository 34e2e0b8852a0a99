import Foundation
import Testing
@testable import TriageSchema

/// What `Scripts/fuzz` found in the wire formats and the config decoder, each kept as the input
/// (shrunk by hand to its point) that once crashed, broke an invariant or took quadratic time.
/// The time limits are far above what the fixed code needs even in a debug build, and far
/// below what the quadratic code needed.
@Suite("Fuzzing findings: wire formats and config")
struct FuzzFindingsTests {
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
}
