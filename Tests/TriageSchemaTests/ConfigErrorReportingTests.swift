import Foundation
import Testing
@testable import TriageSchema

@Suite("Config errors: all at once, with paths, lines and columns")
struct ConfigErrorReportingTests {
    @Test("every problem in a file is reported in one pass")
    func manyErrorsAtOnce() throws {
        let data = try ConfigFixtures.fixture("many-errors.json")
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: data) }
        // Shape problems first, in document order; then broken rules. Echoes are left out: the
        // missing `deployments` is not also an empty list, the second "frontier" group's derived
        // deployment id is not also a duplicate id, and a rate above 1 is not also a sum above 1.
        #expect(error.issues.map(\.description) == [
            "model_groups[0].deployments: is required",
            "model_groups[0].strategy: unknown strategy \"fastest\" (expected weighted, least_busy, latency, cost or priority)",
            "unknown key \"deploymnts\" at model_groups[0] (did you mean \"deployments\"?)",
            "unknown key \"wieght\" at model_groups[1].deployments[1] (did you mean \"weight\"?)",
            "unknown key \"maxRetries\" at model_groups[2].retry (did you mean \"max_retries\"?)",
            "unknown key \"routers\" at top level",
            "server.port: must be between 0 and 65535",
            "model_groups[2].name: duplicate group name \"frontier\" (first at model_groups[1])",
            "model_groups[1].deployments[0].timeouts.ttft_ms: must be a positive integer",
            "model_groups[1].fallbacks.generic[1]: no model group named \"gpt5\"",
            "model_groups[2].deployments[0].provider.faults.rate_limit: must be between 0 and 1",
        ])
    }

    @Test("an unknown key is an error wherever it is, with the closest known key")
    func unknownKeys() {
        let tree = ConfigFixtures.base
            .setting("modelgroups", to: [])
            .setting("server.hots", to: "::1")
            .setting("model_groups[1].deployments[1].provider.apikey", to: "env:K")
            .setting("model_groups[0].fallbacks.contextwindow", to: [])
            .setting("model_groups[0].deployments[0].limits.rpm_limit", to: 5)
            .setting("model_groups[0].zzz", to: 1)
        let issues = ConfigFixtures.issues(tree)
        #expect(issues == [
            "unknown key \"hots\" at server (did you mean \"host\"?)",
            "unknown key \"rpm_limit\" at model_groups[0].deployments[0].limits",
            "unknown key \"contextwindow\" at model_groups[0].fallbacks (did you mean \"context_window\"?)",
            "unknown key \"zzz\" at model_groups[0]",
            "unknown key \"apikey\" at model_groups[1].deployments[1].provider (did you mean \"api_key\"?)",
            "unknown key \"modelgroups\" at top level (did you mean \"model_groups\"?)",
        ])
        let error = try? #require(throws: ConfigError.self) { try GatewayConfig.decode(tree) }
        let first = error?.issues.first
        #expect(first?.path == "server")
        #expect(first?.kind == .unknownKey("hots", suggestion: "host"))
    }

    @Test("an unknown provider kind hides the settings that only that kind would know")
    func unknownKindReportsOnce() {
        let tree = ConfigFixtures.base.setting(
            "model_groups[0].deployments[0].provider",
            to: ["kind": "bedrock", "aws_region_name": "us-east-1"]
        )
        #expect(ConfigFixtures.issues(tree) == [
            "model_groups[0].deployments[0].provider.kind: unknown provider kind \"bedrock\" (expected openai, azure, anthropic or sim)",
        ])
    }

    @Test("malformed JSON reports line and column")
    func malformedJSON() throws {
        let data = try ConfigFixtures.fixture("malformed.json")
        let error = try #require(throws: ConfigError.self) { try GatewayConfig.decode(json: data) }
        #expect(error.issues.map(\.description) == ["line 7, column 7: trailing comma before ']'"])
        #expect(error.issues.first?.kind == .syntax(line: 7, column: 7))
    }

    static let syntaxCases: [(String, String)] = [
        ("", "line 1, column 1: the document is empty"),
        ("{\"a\": 1", "line 1, column 8: unexpected end of input; expected ',' or '}'"),
        ("{\n  \"a\": tru\n}", "line 2, column 8: unexpected 't'; expected a value"),
        ("{\"a\": 1} x", "line 1, column 10: unexpected 'x' after the end of the document"),
        ("{'a': 1}", "line 1, column 2: unexpected \"'\"; expected a key in double quotes"),
        ("{\"a\": 'b'}", "line 1, column 7: strings must use double quotes"),
        ("{\n  // note\n  \"a\": 1\n}", "line 2, column 3: unexpected '/'; expected a key in double quotes"),
        ("[1, // note\n 2]", "line 1, column 5: comments are not allowed in JSON"),
        ("{\"a\": 01}", "line 1, column 7: numbers may not have leading zeros"),
        ("{\"a\": 1.}", "line 1, column 9: expected a digit after '.'"),
        ("{\"a\": \"x\ny\"}", "line 1, column 9: control character in a string; write it as an escape such as \\n"),
        ("{\"a\": \"\\q\"}", "line 1, column 8: invalid escape '\\q'"),
        ("{\"é\": \"ü\", \"b\" 1}", "line 1, column 16: expected ':' after the key \"b\""),
        ("{\"a\": \"unterminated", "line 1, column 7: unterminated string"),
        ("{\"a\": 1e999}", "line 1, column 7: number 1e999 is out of range"),
    ]

    @Test("syntax errors point at the character", arguments: syntaxCases)
    func syntaxErrors(_ json: String, _ expected: String) {
        #expect(ConfigFixtures.issues(json: json) == [expected])
    }

    @Test("a duplicate key is an error naming both places, and checking goes on")
    func duplicateKeys() {
        let json = """
        {
          "server": {"port": 4000, "port": 4001},
          "model_groups": [{"name": "a", "deployments": [{"model": "m", "provider": "sim", "weight": 0}]}]
        }
        """
        #expect(ConfigFixtures.issues(json: json) == [
            "server.port: duplicate key (again at line 2, column 28)",
            "model_groups[0].deployments[0].weight: must be a positive number",
        ])
    }

    @Test("the document itself must be an object")
    func rootShape() {
        #expect(ConfigFixtures.issues(json: "[]") == ["top level: must be an object, not an array"])
    }

    @Test("ConfigError prints one issue per line")
    func errorDescription() {
        let error = ConfigError([.invalid("server.port", "must be between 0 and 65535"), .invalid(.root, "x")])
        #expect(error.description == "server.port: must be between 0 and 65535\ntop level: x")
        #expect(error.localizedDescription == error.description)
    }
}
