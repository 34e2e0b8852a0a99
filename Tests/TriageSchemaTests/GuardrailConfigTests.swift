import Foundation
import Testing
@testable import TriageSchema

@Suite("Guardrail config: read, written back, and refused with paths")
struct GuardrailConfigTests {
    static let rules: ConfigTree = [
        "pii": ["action": "redact", "kinds": ["email", "card", "uk_nino"]],
        "response_blocklist": ["project falcon"],
        "response_patterns": [#"(?i)internal[- ]only"#],
    ]

    @Test("a group's guardrails decode into typed settings and round-trip in both styles")
    func decodesAndRoundTrips() throws {
        let config = try GatewayConfig.decode(ConfigFixtures.base.setting("model_groups[0].guardrails", to: Self.rules))
        #expect(config.modelGroups[0].guardrails == GuardrailSettings(
            pii: PIIPolicy(action: .redact, kinds: [.email, .card, .ukNINO]),
            responseBlocklist: ["project falcon"], responsePatterns: [#"(?i)internal[- ]only"#]))
        #expect(config.modelGroups[1].guardrails.isEmpty)
        for style in [ConfigEncodingStyle.complete, .minimal] {
            #expect(try GatewayConfig.decode(json: config.jsonData(style: style)) == config)
        }
    }

    @Test("pii without kinds looks for every kind")
    func kindsDefaultToAll() throws {
        let config = try GatewayConfig.decode(ConfigFixtures.base.setting("model_groups[0].guardrails", to: ["pii": ["action": "block"]]))
        #expect(config.modelGroups[0].guardrails.pii == PIIPolicy(action: .block, kinds: PIIKind.allCases))
    }

    @Test("a bad pattern, an unknown kind or action and a missing action are named by path")
    func errorsNameThePath() {
        let tree = ConfigFixtures.base
            .setting("model_groups[0].guardrails", to: [
                "pii": ["action": "mask", "kinds": ["email", "passport"]],
                "response_patterns": ["ok", "(unclosed", ""],
                "response_blocklist": [" "],
            ])
            .setting("model_groups[1].guardrails", to: ["pii": ["kinds": []]])
        let issues = ConfigFixtures.issues(tree)
        #expect(issues.count == 7, "\(issues)")
        #expect(issues.contains("model_groups[1].guardrails.pii.kinds: must name at least one kind (leave it out for every kind)"))
        #expect(issues.contains("model_groups[0].guardrails.pii.action: unknown PII action \"mask\" (expected block or redact)"))
        #expect(issues.contains(
            "model_groups[0].guardrails.pii.kinds[1]: unknown PII kind \"passport\" (expected email, phone, card, us_ssn, uk_nino or ca_sin)"))
        #expect(issues.contains { $0.hasPrefix("model_groups[0].guardrails.response_patterns[1]: is not a valid regular expression") })
        #expect(issues.contains("model_groups[0].guardrails.response_patterns[2]: is not a valid regular expression: an empty pattern matches every answer"))
        #expect(issues.contains("model_groups[0].guardrails.response_blocklist[0]: must not be empty"))
        #expect(issues.contains("model_groups[1].guardrails.pii.action: is required (block or redact)"))
        #expect(issues.contains { $0.hasPrefix("unknown key") } == false)
    }

    @Test("guardrails on an embedding group are refused: nothing would check them")
    func embeddingGroups() {
        let tree = ConfigFixtures.base.setting("model_groups[2].guardrails", to: ["response_blocklist": ["x"]])
        #expect(ConfigFixtures.issues(tree) == ["model_groups[2].guardrails: apply to chat groups only"])
    }

    @Test("an unknown guardrail key is refused with a suggestion")
    func unknownKey() {
        let tree = ConfigFixtures.base.setting("model_groups[0].guardrails", to: ["response_blocklst": ["x"]])
        #expect(ConfigFixtures.issues(tree) == [
            "unknown key \"response_blocklst\" at model_groups[0].guardrails (did you mean \"response_blocklist\"?)",
        ])
    }

    @Test("a key's metadata guardrails are read with the same rules, at metadata paths")
    func keyMetadata() throws {
        let good = try GuardrailSettings.decode(
            .object(JSONObject([("response_blocklist", .array([.string("falcon")]))])), at: ConfigPath([.key("metadata"), .key("guardrails")]))
        #expect(good.responseBlocklist == ["falcon"])
        let error = try #require(throws: ConfigError.self) {
            try GuardrailSettings.decode(.object(JSONObject([("response_patterns", .array([.string("[a-")]))])),
                                         at: ConfigPath([.key("metadata"), .key("guardrails")]))
        }
        #expect(error.issues.first?.path == "metadata.guardrails.response_patterns[0]")
    }
}
