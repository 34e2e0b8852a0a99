import Foundation
import Testing
@testable import TriageSchema

@Suite("Config secrets")
struct ConfigSecretTests {
    static let literal = "sk-live-DO-NOT-PRINT-1234567890"

    @Test("env:NAME and os.environ/NAME name a variable; anything else is the secret itself")
    func parsing() {
        #expect(SecretReference(parsing: "env:OPENAI_API_KEY") == .environment("OPENAI_API_KEY"))
        #expect(SecretReference(parsing: "os.environ/AZURE_KEY") == .environment("AZURE_KEY"))
        #expect(SecretReference(parsing: Self.literal) == .literal(Self.literal))
        #expect(SecretReference.environment("X").configText == "env:X")
    }

    @Test("resolution reads the given environment, not the process's")
    func resolution() throws {
        let environment = ["OPENAI_API_KEY": "sk-a", "AZURE_KEY": "az-b", "EMPTY": ""]
        #expect(try SecretReference(parsing: "env:OPENAI_API_KEY").resolve(in: environment) == "sk-a")
        #expect(try SecretReference(parsing: "os.environ/AZURE_KEY").resolve(in: environment) == "az-b")
        #expect(try SecretReference.literal("lit").resolve(in: [:]) == "lit")
        #expect(throws: SecretResolutionError(variable: "MISSING")) {
            try SecretReference.environment("MISSING").resolve(in: environment)
        }
        #expect(throws: SecretResolutionError(variable: "EMPTY")) {
            try SecretReference.environment("EMPTY").resolve(in: environment)
        }
    }

    @Test("a config lists the variables it still needs, by path")
    func missingVariables() throws {
        let config = try GatewayConfig.decode(json: try ConfigFixtures.exampleConfig("openai-anthropic.json"))
        let issues = config.secretIssues(environment: ["OPENAI_API_KEY": "sk-x"]).map(\.description)
        #expect(issues == [
            "server.master_key: environment variable TRIAGE_MASTER_KEY is not set",
            "model_groups[2].deployments[0].provider.api_key: environment variable ANTHROPIC_API_KEY is not set",
            "model_groups[3].deployments[0].provider.api_key: environment variable ANTHROPIC_API_KEY is not set",
        ])
        let all = ["OPENAI_API_KEY": "a", "ANTHROPIC_API_KEY": "b", "TRIAGE_MASTER_KEY": "c"]
        #expect(config.secretIssues(environment: all).isEmpty)
        #expect(config.secretReferences.count == 6)
    }

    @Test("no description of a config, its parts or its errors contains a literal secret")
    func neverPrinted() throws {
        let tree = ConfigFixtures.base
            .setting("server.master_key", to: .string(Self.literal))
            .setting("model_groups[1].deployments[1].provider.api_key", to: .string(Self.literal))
        let config = try GatewayConfig.decode(tree)
        let key = try #require(config.server.masterKey)
        var dumped = ""
        dump(config, to: &dumped)
        let renderings = [
            String(describing: config), String(reflecting: config), dumped, "\(config)",
            String(describing: key), String(reflecting: key), "\(config.modelGroups[1].deployments[1])",
            String(describing: config.modelGroups[1].deployments[1].provider),
        ]
        for text in renderings {
            #expect(!text.contains(Self.literal))
            #expect(!text.contains("DO-NOT-PRINT"))
        }
        #expect(String(describing: key) == "<literal secret>")
        #expect(String(describing: SecretReference.environment("K")) == "env:K")
        #expect(dumped.contains("<literal secret>") || dumped.contains("SecretReference"))
    }

    @Test("a badly shaped secret is reported without echoing its value")
    func messagesDoNotEcho() {
        let tree = ConfigFixtures.base.setting(
            "model_groups[1].deployments[1].provider.api_key", to: .string("env:\(Self.literal)")
        )
        let issues = ConfigFixtures.issues(tree)
        #expect(issues.count == 1)
        #expect(!issues.joined().contains("DO-NOT-PRINT"))
    }
}
