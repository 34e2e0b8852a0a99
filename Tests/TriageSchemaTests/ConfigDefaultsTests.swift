import Foundation
import Testing
@testable import TriageSchema

@Suite("Config defaults")
struct ConfigDefaultsTests {
    static let keys = ["OPENAI_API_KEY": "sk-test", "ANTHROPIC_API_KEY": "sk-ant-test"]

    @Test("Data/configs/default.json is exactly the built-in default")
    func defaultFileMatches() throws {
        let file = try GatewayConfig.decode(json: try ConfigFixtures.exampleConfig("default.json"))
        #expect(file == GatewayConfig.defaults(environment: [:]))
        #expect(file == GatewayConfig.defaults(environment: Self.keys, forceSimulated: true))
    }

    @Test("without keys: simulated cheap and frontier tiers and an embeddings group")
    func simulated() throws {
        let config = GatewayConfig.defaults(environment: ["PATH": "/usr/bin", "OPENAI_API_KEY": ""])
        #expect(config.validationIssues().isEmpty)
        #expect(config.modelGroups.map(\.name) == ["cheap", "frontier", "embeddings"])
        #expect(config.modelGroups.map(\.kind) == [.chat, .chat, .embedding])
        #expect(config.modelGroups.allSatisfy { $0.deployments.allSatisfy { $0.provider.kind == .sim } })
        #expect(config.secretReferences.isEmpty)

        let cheap = try #require(config.group(named: "cheap")?.deployments.first)
        let frontier = try #require(config.group(named: "frontier")?.deployments.first)
        guard case .sim(let c) = cheap.provider, case .sim(let f) = frontier.provider else {
            Issue.record("expected simulated tiers")
            return
        }
        // Realistic: cheap is cheaper, faster and worse, most of all on hard prompts; no faults.
        #expect(cheap.price.inputPerMillion > 0 && cheap.price.outputPerMillion > cheap.price.inputPerMillion)
        #expect(frontier.price.inputPerMillion >= 10 * cheap.price.inputPerMillion)
        #expect(frontier.price.outputPerMillion >= 10 * cheap.price.outputPerMillion)
        #expect(c.tokensPerSecond > f.tokensPerSecond && c.ttft < f.ttft)
        #expect(c.quality.base < f.quality.base)
        #expect(c.quality.expected(difficulty: 1) < f.quality.expected(difficulty: 1) - 0.3)
        #expect(c.faults == .none && f.faults == .none)
        #expect(config.group(named: "cheap")?.fallbacks.generic == ["frontier"])
        #expect(config.group(named: "frontier")?.fallbacks.generic == ["cheap"])
    }

    @Test("with an OpenAI key: gpt-4o-mini and gpt-4o, key read from the environment")
    func openAI() throws {
        let config = GatewayConfig.defaults(environment: ["OPENAI_API_KEY": "sk-test"])
        #expect(config.validationIssues().isEmpty)
        #expect(config.group(named: "cheap")?.deployments.map(\.model) == ["gpt-4o-mini"])
        #expect(config.group(named: "frontier")?.deployments.map(\.model) == ["gpt-4o"])
        let provider = try #require(config.group(named: "cheap")?.deployments.first?.provider)
        #expect(provider == .openai(OpenAIProviderSettings(apiKey: .environment("OPENAI_API_KEY"))))
        #expect(config.group(named: "embeddings")?.deployments.first?.provider.kind == .sim)
        #expect(config.secretIssues(environment: ["OPENAI_API_KEY": "sk-test"]).isEmpty)
        // The key itself never enters the config.
        #expect(!String(describing: config).contains("sk-test"))
    }

    @Test("with an Anthropic key: Claude Haiku and Sonnet")
    func anthropic() {
        let config = GatewayConfig.defaults(environment: ["ANTHROPIC_API_KEY": "sk-ant-test"])
        #expect(config.group(named: "cheap")?.deployments.map(\.provider.kind) == [.anthropic])
        #expect(config.group(named: "cheap")?.deployments.first?.model.contains("haiku") == true)
        #expect(config.group(named: "frontier")?.deployments.first?.model.contains("sonnet") == true)
        #expect(config.group(named: "cheap")?.strategy == .weighted)
    }

    @Test("with both keys: OpenAI first, Anthropic behind it by priority")
    func both() {
        let config = GatewayConfig.defaults(environment: Self.keys)
        #expect(config.validationIssues().isEmpty)
        for name in ["cheap", "frontier"] {
            let group = config.group(named: name)
            #expect(group?.strategy == .priority)
            #expect(group?.deployments.map(\.provider.kind) == [.openai, .anthropic])
            #expect(group?.deployments.map(\.priority) == [0, 1])
        }
    }

    @Test("forceSimulated keeps every deployment on the machine whatever the environment holds")
    func forceSimulated() {
        let config = GatewayConfig.defaults(environment: Self.keys, forceSimulated: true)
        #expect(config.modelGroups.allSatisfy { $0.deployments.allSatisfy { $0.provider.kind == .sim } })
    }
}
