import Foundation
import Testing
@testable import TriageSchema

@Suite("Config decoding")
struct ConfigDecodingTests {
    @Test("each example config in Data/configs decodes and validates", arguments: ConfigFixtures.exampleNames)
    func exampleDecodes(_ name: String) throws {
        let config = try GatewayConfig.decode(json: try ConfigFixtures.exampleConfig(name))
        #expect(!config.modelGroups.isEmpty)
        #expect(config.validationIssues().isEmpty)
    }

    @Test("a minimal config takes every default")
    func minimalConfig() throws {
        let config = try GatewayConfig.decode(json: try ConfigFixtures.fixture("minimal.json"))
        #expect(config.server == ServerSettings())
        #expect(config.server.host == "127.0.0.1" && config.server.port == 4000)
        let group = try #require(config.group(named: "local"))
        #expect(group.kind == .chat)
        #expect(group.strategy == .weighted)
        #expect(group.retry == RetryPolicy())
        #expect(group.cooldown == CooldownPolicy())
        #expect(group.fallbacks == FallbackPolicy())
        #expect(group.hedging == .off)
        let deployment = try #require(group.deployments.first)
        #expect(deployment.id == "local-1")
        #expect(deployment.model == "llama3.1")
        #expect(deployment.provider == .openai(OpenAIProviderSettings(baseURL: URL(string: "http://localhost:11434/v1")!)))
        #expect(deployment.weight == 1 && deployment.priority == 0 && deployment.tags.isEmpty && deployment.region == nil)
        #expect(deployment.limits == DeploymentLimits())
        #expect(deployment.timeouts == Timeouts(total: .seconds(300), attempt: .seconds(120), ttft: .seconds(30)))
        #expect(deployment.price == .free)
    }

    @Test("resilient.json: strategies, policies and providers become typed values")
    func resilientConfig() throws {
        let config = try GatewayConfig.decode(json: try ConfigFixtures.exampleConfig("resilient.json"))
        #expect(config.server.host == "0.0.0.0")
        #expect(config.server.port == 8080)
        #expect(config.server.maxRequestBodyBytes == 4_194_304)
        #expect(config.server.masterKey == .environment("TRIAGE_MASTER_KEY"))
        #expect(config.server.drainTimeout == .seconds(20))
        #expect(config.modelGroups.map(\.strategy) == [.leastBusy, .latency, .priority, .weighted, .cost, .priority])

        let chat = try #require(config.group(named: "chat"))
        #expect(chat.hedging == .afterPercentile(95, maxHedges: 1))
        #expect(chat.retry == RetryPolicy(
            maxRetries: 3,
            backoff: Backoff(initial: .milliseconds(250), max: .seconds(4), multiplier: 2, jitter: .full),
            retryAfterCap: .seconds(10)
        ))
        #expect(chat.cooldown == CooldownPolicy(
            consecutiveFailures: 3,
            errorRate: ErrorRateTrigger(threshold: 0.3, window: .seconds(30), minimumRequests: 20),
            duration: .seconds(60)
        ))
        #expect(chat.fallbacks.groups(for: .generic) == ["chat-anthropic"])
        #expect(chat.fallbacks.groups(for: .rateLimit) == ["chat-anthropic", "chat-local"])
        #expect(chat.fallbacks.groups(for: .contextWindow) == ["long-context"])
        #expect(chat.fallbacks.maxFallbacks == 2)

        let east = chat.deployments[0]
        guard case .azure(let azure) = east.provider else {
            Issue.record("expected azure, got \(east.provider)")
            return
        }
        #expect(azure.baseURL.absoluteString == "https://contoso-eastus.openai.azure.com")
        #expect(azure.apiKey == .environment("AZURE_EASTUS_API_KEY"))
        #expect(azure.apiVersion == "2024-10-21")
        #expect(east.region == "eastus" && east.tags == ["azure", "us"])
        #expect(east.limits == DeploymentLimits(rpm: 600, tpm: 150_000, maxInFlight: 64, maxContextTokens: 128_000))
        #expect(east.timeouts == Timeouts(total: .seconds(120), attempt: .seconds(45), ttft: .seconds(8)))
        #expect(east.price == Price(inputPerMillion: 2.5, outputPerMillion: 10))

        let local = try #require(config.group(named: "chat-local"))
        #expect(local.cooldown.errorRate == nil)
        #expect(local.deployments.map(\.weight) == [3, 1])
        #expect(local.deployments[0].provider.apiKey == nil)

        let chaos = try #require(config.group(named: "chaos"))
        #expect(chaos.hedging == .afterDelay(.milliseconds(800), maxHedges: 2))
        guard case .sim(let sim) = chaos.deployments[0].provider else {
            Issue.record("expected sim")
            return
        }
        #expect(sim.faults == SimulatedFaults(
            rateLimit: 0.10, serverError: 0.03, unavailable: 0.02, timeout: 0.01,
            connectionReset: 0.02, malformedJSON: 0.01, contextWindow: 0.01, retryAfter: .seconds(2)
        ))
        #expect(abs(sim.faults.total - 0.2) < 1e-12)

        #expect(config.group(named: "embeddings")?.kind == .embedding)
    }

    @Test("provider shorthand, explicit nulls and class-specific fallbacks")
    func shorthandAndNulls() throws {
        let tree: ConfigTree = [
            "server": ["master_key": nil],
            "model_groups": [
                [
                    "name": "a",
                    "deployments": [["model": "m", "provider": "sim", "region": nil, "limits": ["rpm": nil]]],
                    "cooldown": ["consecutive_failures": nil, "error_rate": nil],
                    "fallbacks": ["generic": ["b"], "context_window": [], "rate_limit": nil],
                    "hedging": "off",
                ],
                ["name": "b", "deployments": [["model": "m", "provider": "openai"]]],
            ],
        ]
        let config = try GatewayConfig.decode(tree)
        let a = config.modelGroups[0]
        #expect(a.deployments[0].provider == .sim(SimulatedProviderSettings()))
        #expect(a.cooldown == CooldownPolicy.never)
        #expect(a.fallbacks.groups(for: .generic) == ["b"])
        #expect(a.fallbacks.groups(for: .rateLimit) == ["b"])
        #expect(a.fallbacks.groups(for: .contextWindow) == [])
        #expect(a.fallbacks.groups(for: .contentPolicy) == ["b"])
        #expect(config.modelGroups[1].deployments[0].provider == .openai(OpenAIProviderSettings()))
    }

    @Test("max_fallbacks caps every list")
    func maxFallbacks() {
        let policy = FallbackPolicy(generic: ["a", "b", "c"], rateLimit: ["d", "e"], maxFallbacks: 1)
        #expect(policy.groups(for: .generic) == ["a"])
        #expect(policy.groups(for: .rateLimit) == ["d"])
    }

    @Test("an integer written as 4000.0 is an integer")
    func integralDouble() throws {
        let config = try GatewayConfig.decode(ConfigFixtures.base.setting("server.port", to: 4000.0))
        #expect(config.server.port == 4000)
    }

    @Test("an explicit id wins over the derived one; derived ids count from 1 per group")
    func deploymentIDs() throws {
        let config = try GatewayConfig.decode(ConfigFixtures.base)
        #expect(config.modelGroups.flatMap { $0.deployments.map(\.id) } == ["cheap-1", "frontier-1", "f2", "embed-1"])
    }
}

@Suite("Config policies as values")
struct ConfigPolicyTests {
    @Test("backoff ceilings grow by the multiplier up to the maximum")
    func backoffCeilings() {
        let backoff = Backoff(initial: .milliseconds(100), max: .milliseconds(1_000), multiplier: 3, jitter: .none)
        #expect((1...4).map { backoff.ceiling(retry: $0) } == [
            .milliseconds(100), .milliseconds(300), .milliseconds(900), .milliseconds(1_000),
        ])
        var generator = SystemRandomNumberGenerator()
        #expect(backoff.delay(retry: 2, using: &generator) == .milliseconds(300))
    }

    @Test("full jitter stays within [0, ceiling] and is reproducible with a seeded generator")
    func fullJitter() {
        let backoff = Backoff(initial: .milliseconds(100), max: .seconds(10), multiplier: 2, jitter: .full)
        var a = ConfigSeededGenerator(seed: 7)
        var b = ConfigSeededGenerator(seed: 7)
        for n in 1...6 {
            let x = backoff.delay(retry: n, using: &a)
            #expect(x >= .zero && x <= backoff.ceiling(retry: n))
            #expect(x == backoff.delay(retry: n, using: &b))
        }
    }

    @Test("the simulated latency's log-normal has the configured mean and deviation")
    func logNormalMoments() throws {
        let latency = SimulatedLatency(mean: .milliseconds(200), standardDeviation: .milliseconds(100))
        let (mu, sigma) = try #require(latency.logNormalParameters)
        let mean = exp(mu + sigma * sigma / 2)
        let variance = (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        #expect(abs(mean - 200) < 1e-9)
        #expect(abs(variance.squareRoot() - 100) < 1e-9)
        #expect(SimulatedLatency(mean: .milliseconds(50), standardDeviation: .zero).logNormalParameters == nil)
    }

    @Test("simulated quality falls with difficulty by its sensitivity")
    func simulatedQuality() {
        let quality = SimulatedQuality(base: 0.8, difficultySensitivity: 0.5)
        #expect(quality.expected(difficulty: 0) == 0.8)
        #expect(abs(quality.expected(difficulty: 1) - 0.4) < 1e-12)
        #expect(quality.expected(difficulty: 7) == quality.expected(difficulty: 1))
    }

    @Test("price of a call")
    func priceOfCall() {
        let price = Price(inputPerMillion: 2.5, outputPerMillion: 10)
        #expect(abs(price.cost(inputTokens: 1_000, outputTokens: 500) - 0.0075) < 1e-12)
    }

    @Test("hedges per policy")
    func hedges() {
        #expect(HedgingPolicy.off.maxHedges == 0)
        #expect(HedgingPolicy.afterDelay(.seconds(1), maxHedges: 2).maxHedges == 2)
        #expect(HedgingPolicy.afterPercentile(95, maxHedges: 1).maxHedges == 1)
    }
}

/// SplitMix64, so jitter tests are reproducible.
struct ConfigSeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
