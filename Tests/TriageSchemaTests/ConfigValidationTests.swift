import Foundation
import Testing
@testable import TriageSchema

/// One broken key and the issue it must produce.
struct ConfigBrokenKey: Sendable, CustomTestStringConvertible {
    var path: ConfigPath
    var value: ConfigTree
    var expected: String

    init(_ path: ConfigPath, _ value: ConfigTree, _ expected: String) {
        self.path = path
        self.value = value
        self.expected = expected
    }

    var testDescription: String { "\(path) = \(value)" }
}

@Suite("Config validation: every rule names its path")
struct ConfigValidationTests {
    static let d0: ConfigPath = "model_groups[0].deployments[0]"
    static let d1: ConfigPath = "model_groups[1].deployments[0]"

    static let rules: [ConfigBrokenKey] = [
        // Server
        .init("server.host", "", "server.host: must not be empty"),
        .init("server.port", 70_000, "server.port: must be between 0 and 65535"),
        .init("server.max_request_body_bytes", 0, "server.max_request_body_bytes: must be a positive integer"),
        .init("server.master_key", "env:1ST", "server.master_key: must name an environment variable after env: (letters, digits and _, not starting with a digit)"),
        .init("server.master_key", "", "server.master_key: must not be empty"),
        .init("server.drain_timeout_ms", -1, "server.drain_timeout_ms: must not be negative"),
        // Groups
        .init("model_groups", [], "model_groups: must define at least one model group"),
        .init("model_groups[0].name", "", "model_groups[0].name: must not be empty"),
        .init("model_groups[0].name", "triage/auto", "model_groups[0].name: names starting with \"triage/\" are reserved for Triage's routed models"),
        .init("model_groups[2].name", "frontier", "model_groups[2].name: duplicate group name \"frontier\" (first at model_groups[1])"),
        .init("model_groups[0].deployments", [], "model_groups[0].deployments: must list at least one deployment"),
        .init("model_groups[0].strategy", "fastest", "model_groups[0].strategy: unknown strategy \"fastest\" (expected weighted, least_busy, latency, cost or priority)"),
        .init("model_groups[0].kind", "embeddings", "model_groups[0].kind: unknown group kind \"embeddings\" (expected chat or embedding)"),
        .init("model_groups[0].cache", ["ttl_ms": 0], "model_groups[0].cache.ttl_ms: must be a positive integer"),
        .init("model_groups[0].cache", ["max_entries": 0], "model_groups[0].cache.max_entries: must be a positive integer"),
        .init("model_groups[0].cache", ["max_bytes": -1], "model_groups[0].cache.max_bytes: must be a positive integer"),
        .init("model_groups[0].last_resort", ["cache": true], "model_groups[0].last_resort.cache: needs the group's \"cache\" to serve from"),
        .init("model_groups[0].last_resort", [:], "model_groups[0].last_resort: set \"cache\": true, a \"static_answer\", or both"),
        .init("model_groups[0].last_resort", ["static_answer": ""], "model_groups[0].last_resort.static_answer: must not be empty"),
        // Deployments
        .init(d0 / "id", "frontier-1", "model_groups[1].deployments[0].id: duplicate deployment id \"frontier-1\" (first at model_groups[0].deployments[0])"),
        .init(d0 / "id", "", "model_groups[0].deployments[0].id: must not be empty"),
        .init(d0 / "model", "", "model_groups[0].deployments[0].model: must not be empty"),
        .init(d0 / "weight", 0, "model_groups[0].deployments[0].weight: must be a positive number"),
        .init(d0 / "weight", -2.5, "model_groups[0].deployments[0].weight: must be a positive number"),
        .init(d0 / "tags", ["eu", ""], "model_groups[0].deployments[0].tags[1]: must not be empty"),
        .init(d0 / "region", " ", "model_groups[0].deployments[0].region: must not be empty"),
        .init(d0 / "limits" / "rpm", 0, "model_groups[0].deployments[0].limits.rpm: must be a positive integer"),
        .init(d0 / "limits" / "tpm", -5, "model_groups[0].deployments[0].limits.tpm: must be a positive integer"),
        .init(d0 / "limits" / "max_in_flight", 0, "model_groups[0].deployments[0].limits.max_in_flight: must be a positive integer"),
        .init(d0 / "limits" / "max_context_tokens", 0, "model_groups[0].deployments[0].limits.max_context_tokens: must be a positive integer"),
        .init(d1 / "timeouts" / "ttft_ms", 0, "model_groups[1].deployments[0].timeouts.ttft_ms: must be a positive integer"),
        .init(d1 / "timeouts" / "attempt_ms", -1, "model_groups[1].deployments[0].timeouts.attempt_ms: must be a positive integer"),
        .init(d1 / "timeouts" / "total_ms", 0, "model_groups[1].deployments[0].timeouts.total_ms: must be a positive integer"),
        .init(d1 / "timeouts" / "ttft_ms", 200_000, "model_groups[1].deployments[0].timeouts: ttft_ms (200000) must not exceed attempt_ms (120000)"),
        .init(d1 / "timeouts" / "attempt_ms", 400_000, "model_groups[1].deployments[0].timeouts: attempt_ms (400000) must not exceed total_ms (300000)"),
        .init(d0 / "price" / "input_per_million", -1, "model_groups[0].deployments[0].price.input_per_million: must be a non-negative number"),
        .init(d0 / "price" / "output_per_million", -0.5, "model_groups[0].deployments[0].price.output_per_million: must be a non-negative number"),
        // Providers
        .init(d0 / "provider", "bedrock", "model_groups[0].deployments[0].provider.kind: unknown provider kind \"bedrock\" (expected openai, azure, anthropic or sim)"),
        .init(d0 / "provider", ["kind": "openai", "base_url": "ftp://example.com"], "model_groups[0].deployments[0].provider.base_url: must be an http or https URL, not \"ftp://example.com\""),
        .init(d0 / "provider", ["kind": "openai", "api_key": "env:"], "model_groups[0].deployments[0].provider.api_key: must name an environment variable after env: (letters, digits and _, not starting with a digit)"),
        .init(d0 / "provider", ["kind": "azure", "api_key": "env:K"], "model_groups[0].deployments[0].provider.base_url: is required for azure (https://<resource>.openai.azure.com)"),
        .init(d0 / "provider", ["kind": "azure", "base_url": "https://r.openai.azure.com"], "model_groups[0].deployments[0].provider.api_key: is required for azure"),
        .init(d0 / "provider", ["kind": "azure", "base_url": "https://r.openai.azure.com", "api_key": "env:K", "api_version": ""], "model_groups[0].deployments[0].provider.api_version: must not be empty"),
        .init(d0 / "provider", "anthropic", "model_groups[0].deployments[0].provider.api_key: is required for anthropic"),
        .init("model_groups[2].deployments[0].provider", ["kind": "anthropic", "api_key": "env:K"], "model_groups[2].deployments[0].provider.kind: anthropic has no embeddings API; an embedding group needs openai, azure or sim"),
        .init(d0 / "provider", ["kind": "sim", "api_version": "2024-10-21"], "unknown key \"api_version\" at model_groups[0].deployments[0].provider"),
        // Simulated provider
        .init(d0 / "provider", ["kind": "sim", "tokens_per_second": 0], "model_groups[0].deployments[0].provider.tokens_per_second: must be a positive number"),
        .init(d0 / "provider", ["kind": "sim", "output_tokens": 0], "model_groups[0].deployments[0].provider.output_tokens: must be a positive integer"),
        .init(d0 / "provider", ["kind": "sim", "ttft_ms": -1], "model_groups[0].deployments[0].provider.ttft_ms: must not be negative"),
        .init(d0 / "provider", ["kind": "sim", "latency": ["mean_ms": -1]], "model_groups[0].deployments[0].provider.latency.mean_ms: must not be negative"),
        .init(d0 / "provider", ["kind": "sim", "latency": ["stddev_ms": -1]], "model_groups[0].deployments[0].provider.latency.stddev_ms: must not be negative"),
        .init(d0 / "provider", ["kind": "sim", "quality": ["base": 1.5]], "model_groups[0].deployments[0].provider.quality.base: must be between 0 and 1"),
        .init(d0 / "provider", ["kind": "sim", "quality": ["difficulty_sensitivity": -0.1]], "model_groups[0].deployments[0].provider.quality.difficulty_sensitivity: must be between 0 and 1"),
        .init(d0 / "provider", ["kind": "sim", "faults": ["malformed_json": 1.5]], "model_groups[0].deployments[0].provider.faults.malformed_json: must be between 0 and 1"),
        .init(d0 / "provider", ["kind": "sim", "faults": ["rate_limit": 0.6, "timeout": 0.6]], "model_groups[0].deployments[0].provider.faults: the fault rates add up to 1.2; at most one fault happens per attempt, so the sum must be at most 1"),
        .init(d0 / "provider", ["kind": "sim", "faults": ["retry_after_s": -1]], "model_groups[0].deployments[0].provider.faults.retry_after_s: must not be negative"),
        .init(d0 / "provider", ["kind": "sim", "embedding_dimensions": 0], "model_groups[0].deployments[0].provider.embedding_dimensions: must be a positive integer"),
        // Retry
        .init("model_groups[0].retry.max_retries", -1, "model_groups[0].retry.max_retries: must not be negative"),
        .init("model_groups[0].retry.backoff.initial_ms", 0, "model_groups[0].retry.backoff.initial_ms: must be a positive integer"),
        .init("model_groups[0].retry.backoff.max_ms", 100, "model_groups[0].retry.backoff: max_ms must be at least initial_ms"),
        .init("model_groups[0].retry.backoff.multiplier", 0.5, "model_groups[0].retry.backoff.multiplier: must be at least 1"),
        .init("model_groups[0].retry.backoff.jitter", "half", "model_groups[0].retry.backoff.jitter: unknown jitter \"half\" (expected none or full)"),
        .init("model_groups[0].retry.retry_after_cap_ms", -1, "model_groups[0].retry.retry_after_cap_ms: must not be negative"),
        // Cooldown
        .init("model_groups[0].cooldown.consecutive_failures", 0, "model_groups[0].cooldown.consecutive_failures: must be a positive integer"),
        .init("model_groups[0].cooldown.error_rate.threshold", 0, "model_groups[0].cooldown.error_rate.threshold: must be above 0 and at most 1"),
        .init("model_groups[0].cooldown.error_rate.threshold", 1.5, "model_groups[0].cooldown.error_rate.threshold: must be above 0 and at most 1"),
        .init("model_groups[0].cooldown.error_rate.window_ms", 0, "model_groups[0].cooldown.error_rate.window_ms: must be a positive integer"),
        .init("model_groups[0].cooldown.error_rate.min_requests", 0, "model_groups[0].cooldown.error_rate.min_requests: must be a positive integer"),
        .init("model_groups[0].cooldown.duration_ms", 0, "model_groups[0].cooldown.duration_ms: must be a positive integer"),
        // Fallbacks
        .init("model_groups[2].fallbacks.generic", ["gpt5"], "model_groups[2].fallbacks.generic[0]: no model group named \"gpt5\""),
        .init("model_groups[0].fallbacks.rate_limit", ["cheap"], "model_groups[0].fallbacks.rate_limit[0]: a group cannot fall back to itself"),
        .init("model_groups[0].fallbacks.context_window", ["embed"], "model_groups[0].fallbacks.context_window[0]: \"embed\" is an embedding group; a chat group can only fall back to chat groups"),
        .init("model_groups[0].fallbacks.content_policy", ["frontier", "frontier"], "model_groups[0].fallbacks.content_policy[1]: \"frontier\" is listed twice"),
        .init("model_groups[0].fallbacks.max_fallbacks", -1, "model_groups[0].fallbacks.max_fallbacks: must not be negative"),
        // Hedging
        .init("model_groups[0].hedging", "fast", "model_groups[0].hedging: unknown hedging \"fast\" (expected \"off\" or an object with after_ms or after_percentile)"),
        .init("model_groups[0].hedging", [:], "model_groups[0].hedging: set after_ms (a fixed delay) or after_percentile (95 for the deployment's p95)"),
        .init("model_groups[0].hedging", ["after_ms": 100, "after_percentile": 95], "model_groups[0].hedging: set after_ms or after_percentile, not both"),
        .init("model_groups[0].hedging", ["after_ms": 0], "model_groups[0].hedging.after_ms: must be a positive integer"),
        .init("model_groups[0].hedging", ["after_percentile": 100], "model_groups[0].hedging.after_percentile: must be between 0 and 100 (95 for p95)"),
        .init("model_groups[0].hedging", ["after_ms": 500, "max_hedges": 0], "model_groups[0].hedging.max_hedges: must be a positive integer"),
        // Shapes
        .init("server.port", "4000", "server.port: must be an integer, not a string"),
        .init("server.port", 4000.5, "server.port: must be an integer, not 4000.5"),
        .init("server", [], "server: must be an object, not an array"),
        .init(d0 / "weight", "heavy", "model_groups[0].deployments[0].weight: must be a number, not a string"),
        .init(d0 / "tags", "eu", "model_groups[0].deployments[0].tags: must be an array of strings, not a string"),
        .init(d0 / "tags", ["eu", 3], "model_groups[0].deployments[0].tags[1]: must be a string, not a number"),
        .init(d0 / "provider", 7, "model_groups[0].deployments[0].provider: must be an object with a \"kind\" or one of openai, azure, anthropic or sim, not a number"),
        .init(d0 / "provider", ["base_url": "http://x"], "model_groups[0].deployments[0].provider.kind: is required (openai, azure, anthropic or sim)"),
        .init("model_groups[0].deployments", ["model": "x"], "model_groups[0].deployments: must be an array, not an object"),
        .init("model_groups[0].cooldown.error_rate", 0.5, "model_groups[0].cooldown.error_rate: must be an object, not a number"),
        .init("model_groups[0].hedging", true, "model_groups[0].hedging: must be an object, not a boolean"),
        .init("server.master_key", 12345, "server.master_key: must be a string such as \"env:NAME\", not a number"),
    ]

    @Test("a broken key yields its message", arguments: rules)
    func brokenKey(_ rule: ConfigBrokenKey) {
        let issues = ConfigFixtures.issues(ConfigFixtures.base.setting(rule.path, to: rule.value))
        #expect(issues.contains(rule.expected), "got \(issues)")
    }

    static let required: [(ConfigPath, String)] = [
        ("model_groups[0].name", "model_groups[0].name: is required"),
        ("model_groups[0].deployments", "model_groups[0].deployments: is required"),
        ("model_groups[0].deployments[0].model", "model_groups[0].deployments[0].model: is required"),
        ("model_groups[0].deployments[0].provider", "model_groups[0].deployments[0].provider: is required"),
    ]

    @Test("a missing required key is reported once, not echoed by the rules", arguments: required)
    func missingKey(_ path: ConfigPath, _ expected: String) {
        let issues = ConfigFixtures.issues(ConfigFixtures.base.removing(path))
        #expect(issues == [expected])
    }

    @Test("a config with no groups at all")
    func noGroups() {
        #expect(ConfigFixtures.issues([:]) == ["model_groups: must define at least one model group"])
    }

    @Test("a config built in code is checked by the same rules")
    func codeBuiltConfig() {
        let config = GatewayConfig(modelGroups: [
            ModelGroup(name: "a", deployments: [
                Deployment(id: "x", model: "m", provider: .sim(SimulatedProviderSettings()),
                           timeouts: Timeouts(total: .seconds(1), attempt: .seconds(2), ttft: .seconds(1))),
            ], fallbacks: FallbackPolicy(generic: ["b"])),
        ])
        #expect(config.validationIssues().map(\.description) == [
            "model_groups[0].deployments[0].timeouts: attempt_ms (2000) must not exceed total_ms (1000)",
            "model_groups[0].fallbacks.generic[0]: no model group named \"b\"",
        ])
        #expect(throws: ConfigError.self) { try config.validate() }
    }

    @Test("a duration given as a fraction of a millisecond is rejected by its shape")
    func fractionalMilliseconds() {
        let issues = ConfigFixtures.issues(ConfigFixtures.base.setting(Self.d1 / "timeouts" / "ttft_ms", to: 1.5))
        #expect(issues == ["model_groups[1].deployments[0].timeouts.ttft_ms: must be an integer, not 1.5"])
    }
}
