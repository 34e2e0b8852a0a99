import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// Guardrails through the real application: prompts redacted or refused before any upstream
/// sees them, answers refused whole or cut mid-stream, and a key's rules on top of its group's.
@Suite struct GuardrailTests {
    typealias Answer = GovernanceTests.Answer

    /// The fast simulated defaults with `rules` on the `cheap` group.
    static func config(cheap rules: GuardrailSettings) -> GatewayConfig {
        var c = GatewayTests.config()
        let i = c.modelGroups.firstIndex { $0.name == "cheap" }!
        c.modelGroups[i].guardrails = rules
        return c
    }

    static func chat(_ client: some TestClientProtocol, _ prompt: String, key: String? = nil, stream: Bool = false) async throws -> Answer {
        try await GovernanceTests.call(client, "/v1/chat/completions", key: key,
                                       #"{"model":"cheap","stream":\#(stream),"messages":[{"role":"user","content":"\#(prompt)"}]}"#)
    }

    static func metrics(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
    }

    /// The simulated answer names the prompt's first three words longer than three letters
    /// ("the question about contact redacted email"), so it shows what the upstream was sent.
    @Test func redactedPromptsReachTheUpstreamWithPlaceholders() async throws {
        let app = try await GatewayApplication.build(config: Self.config(cheap: GuardrailSettings(pii: PIIPolicy(action: .redact))), port: 0)
        try await app.test(.router) { client in
            let answer = try await GovernanceTests.call(client, "/v1/chat/completions", key: nil, #"""
                {"model":"cheap","messages":[{"role":"user","content":[{"type":"text","text":"Contact jo@example.com about billing"}]}]}
                """#)
            #expect(answer.status == 200)
            let content = ((answer.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
            #expect(content.contains("contact redacted email"), "\(content)")
            let text = try await Self.metrics(client)
            #expect(text.contains(#"triage_guardrail_actions_total{rule="pii.email",action="redact"} 1"#))
        }
    }

    @Test func aBlockedPromptIsA400NamingTheRuleNotTheSecret() async throws {
        let rules = GuardrailSettings(pii: PIIPolicy(action: .block, kinds: [.card, .email]))
        let app = try await GatewayApplication.build(config: Self.config(cheap: rules), port: 0)
        try await app.test(.router) { client in
            let blocked = try await Self.chat(client, "My card is 4111 1111 1111 1111, charge it")
            #expect(blocked.status == 400)
            #expect(blocked.error["code"] as? String == "guardrail")
            #expect(blocked.error["type"] as? String == "invalid_request_error")
            let message = blocked.error["message"] as? String ?? ""
            #expect(message.contains("'pii.card'") && message.contains("payment card"))
            #expect(!message.contains("4111"))
            let failingLuhn = try await Self.chat(client, "My card is 4111 1111 1111 1112, charge it")
            #expect(failingLuhn.status == 200)
            let text = try await Self.metrics(client)
            #expect(text.contains(#"triage_guardrail_actions_total{rule="pii.card",action="block"} 1"#))
        }
    }

    @Test func aBlocklistedWordRefusesAWholeAnswer() async throws {
        let app = try await GatewayApplication.build(config: Self.config(cheap: GuardrailSettings(responseBlocklist: ["QUESTION"])), port: 0)
        try await app.test(.router) { client in
            let answer = try await Self.chat(client, "What is the capital of France?")
            #expect(answer.status == 400)
            #expect(answer.error["code"] as? String == "guardrail")
            #expect((answer.error["message"] as? String ?? "").contains("'response_blocklist'"))
            let text = try await Self.metrics(client)
            #expect(text.contains(#"triage_guardrail_actions_total{rule="response_blocklist",action="block"} 1"#))
            #expect(text.contains(#"triage_requests_total{model_group="cheap",deployment="sim-cheap",status="400"} 1"#))
        }
    }

    /// Chunks checked before the match were sent; the one completing it is not, and the stream
    /// ends with an error event and [DONE]. Every simulated outcome names the prompt's topic
    /// ("... the question about describe extraordinarily magnificent") past its first 64 bytes,
    /// the first check.
    @Test func aStreamBreakingARuleEndsWithAnErrorEvent() async throws {
        let app = try await GatewayApplication.build(config: Self.config(cheap: GuardrailSettings(responsePatterns: ["[Mm]agnificent"])), port: 0)
        try await app.test(.router) { client in
            let answer = try await Self.chat(client, "Describe extraordinarily magnificent lighthouses", stream: true)
            #expect(answer.status == 200)
            let events = String(decoding: answer.body, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.last == "data: [DONE]")
            let payloads = events.dropLast().compactMap { event in
                (try? JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8))) as? [String: Any]
            }
            let error = payloads.last?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "guardrail")
            #expect((error?["message"] as? String ?? "").contains("'response_patterns[0]'"))
            let sent = payloads.dropLast().compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }.joined()
            #expect(!sent.isEmpty, "earlier chunks were sent")
            #expect(!sent.lowercased().contains("magnificent"))
        }
    }

    @Test func aKeysRulesAddToItsGroups() async throws {
        let state = try await GovernanceTests.state(Self.config(cheap: GuardrailSettings(pii: PIIPolicy(action: .block, kinds: [.phone]))))
        let app = GatewayApplication.build(state: state, port: 0)
        try await app.test(.router) { client in
            let key = try await GovernanceTests.key(client, #""metadata":{"guardrails":{"pii":{"action":"block","kinds":["email"]},"response_blocklist":["question"]}}"#)
            let phone = try await Self.chat(client, "Call me at (415) 555-2671", key: key)
            #expect((phone.error["message"] as? String ?? "").contains("'pii.phone'"), "the group's rules still apply")
            let email = try await Self.chat(client, "Write to jo@example.com", key: key)
            #expect(email.status == 400)
            #expect((email.error["message"] as? String ?? "").contains("'pii.email'"))
            let answer = try await Self.chat(client, "What is the capital of France?", key: key)
            #expect(answer.status == 400)
            #expect((answer.error["message"] as? String ?? "").contains("'key.response_blocklist'"))
            let master = try await Self.chat(client, "Write to jo@example.com", key: GovernanceTests.master)
            #expect(master.status == 200, "without the key only the group's rules apply")
        }
    }

    @Test func aTeamsRulesApplyToItsKeys() async throws {
        let app = GatewayApplication.build(state: try await GovernanceTests.state(), port: 0)
        try await app.test(.router) { client in
            let created = try await GovernanceTests.call(client, "/team/new", key: GovernanceTests.master,
                                                         #"{"team_alias":"legal","metadata":{"guardrails":{"response_blocklist":["question"]}}}"#)
            let team = try #require(created.json["team_id"] as? String)
            let key = try await GovernanceTests.key(client, #""team_id":"\#(team)""#)
            let answer = try await Self.chat(client, "What is the capital of France?", key: key)
            #expect(answer.status == 400)
            #expect((answer.error["message"] as? String ?? "").contains("'team.response_blocklist'"))
        }
    }

    /// Any candidate of a routed model may answer, so the prompt is checked against them all
    /// before the router runs.
    @Test func aRoutedModelChecksPromptsAgainstEveryCandidate() async throws {
        let app = try await GatewayApplication.build(config: Self.config(cheap: GuardrailSettings(pii: PIIPolicy(action: .block, kinds: [.email]))), port: 0)
        try await app.test(.router) { client in
            let answer = try await GovernanceTests.call(client, "/v1/chat/completions", key: nil,
                                                        #"{"model":"triage/auto","messages":[{"role":"user","content":"Mail jo@example.com"}]}"#)
            #expect(answer.status == 400)
            #expect((answer.error["message"] as? String ?? "").contains("'pii.email'"))
        }
    }

    @Test func keysWithBadGuardrailsAreRefusedWithThePath() async throws {
        let state = try await GovernanceTests.state()
        let app = GatewayApplication.build(state: state, port: 0)
        try await app.test(.router) { client in
            let answer = try await GovernanceTests.call(client, "/key/generate", key: GovernanceTests.master,
                                                        #"{"metadata":{"guardrails":{"response_patterns":["(oops"],"pii":{"action":"block","kinds":["dna"]}}}}"#)
            #expect(answer.status == 400)
            #expect(answer.error["param"] as? String == "metadata.guardrails")
            let message = answer.error["message"] as? String ?? ""
            #expect(message.contains("metadata.guardrails.response_patterns[0]"))
            #expect(message.contains(#"metadata.guardrails.pii.kinds[0]: unknown PII kind "dna""#))
        }
    }
}
