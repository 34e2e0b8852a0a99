import Foundation
import Testing

/// `triage config check` and `triage config import` as a user runs them.
@Suite(.serialized) struct ConfigCommandTests {
    static var root: String { TriageExecutable.root ?? "." }

    @Test func importsTheLiteLLMExampleAndListsEveryUnmappedKey() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            let out = "\(dir)/imported.json"
            let run = try await CLITests.triage(["config", "import", "\(Self.root)/Data/configs/litellm_config.yaml", "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("imported 4 model groups, 6 deployments"))
            #expect(run.stderr.contains("not mapped (14):"), "\(run.stderr)")
            for key in ["model_list[5]", "general_settings.database_url", "router_settings.redis_host", "environment_variables"] {
                #expect(run.stderr.contains("  \(key)"), "missing unmapped key \(key)")
            }
            let check = try await CLITests.triage(["config", "check", out])
            #expect(check.status == 0 && check.stdout.contains("valid, 4 model groups"), "\(check.stdout)\(check.stderr)")
        }
    }

    @Test func checkNamesEveryProblemByPath() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            let path = "\(dir)/bad.json"
            try Data(#"{"model_groups": [{"name": "a", "strategy": "fastest", "deploymnts": []}]}"#.utf8).write(to: URL(fileURLWithPath: path))
            let run = try await CLITests.triage(["config", "check", path])
            #expect(run.status != 0)
            #expect(run.stderr.contains("model_groups[0].strategy"), "\(run.stderr)")
            #expect(run.stderr.contains(#"unknown key "deploymnts""#), "\(run.stderr)")
        }
    }

    @Test func importRejectsBrokenYAMLNamingTheFile() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            let path = "\(dir)/broken.yaml"
            try Data("model_list:\n  - model_name: [unclosed\n".utf8).write(to: URL(fileURLWithPath: path))
            let run = try await CLITests.triage(["config", "import", path])
            #expect(run.status != 0)
            #expect(run.stderr.contains("broken.yaml"), "\(run.stderr)")
        }
    }
}
