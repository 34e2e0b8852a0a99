import Foundation
import Testing
@testable import TriageSchema

@Suite("Config encoding")
struct ConfigRoundTripTests {
    static func configs() throws -> [GatewayConfig] {
        var configs = try ConfigFixtures.exampleNames.map { try GatewayConfig.decode(json: try ConfigFixtures.exampleConfig($0)) }
        configs.append(GatewayConfig.defaults(environment: ConfigDefaultsTests.keys))
        configs.append(try GatewayConfig.decode(ConfigFixtures.base))
        return configs
    }

    @Test("decode(encode(c)) == c in both styles", arguments: [ConfigEncodingStyle.complete, .minimal])
    func roundTrip(_ style: ConfigEncodingStyle) throws {
        for config in try Self.configs() {
            let data = config.jsonData(style: style)
            #expect(try GatewayConfig.decode(json: data) == config)
        }
    }

    @Test("a config with literal secrets, nulls, every hedging form and a cache round-trips")
    func edgeValues() throws {
        let group = { (name: String, hedging: HedgingPolicy) in
            ModelGroup(
                name: name,
                deployments: [Deployment(
                    id: "\(name)-d", model: "m",
                    provider: .azure(AzureProviderSettings(baseURL: URL(string: "https://r.openai.azure.com")!,
                                                           apiKey: .literal("secret-value"), apiVersion: "2025-01-01")),
                    weight: 0.25, priority: -1, tags: ["a \"quoted\" tag", "ünïcode"], region: "eu",
                    limits: DeploymentLimits(rpm: 1, tpm: nil, maxInFlight: 3, maxContextTokens: nil)
                )],
                cooldown: CooldownPolicy(consecutiveFailures: nil, errorRate: nil, duration: .seconds(1)),
                fallbacks: FallbackPolicy(generic: [], rateLimit: [], contextWindow: nil, contentPolicy: nil, maxFallbacks: 0),
                hedging: hedging
            )
        }
        let config = GatewayConfig(
            server: ServerSettings(host: "::1", port: 0, masterKey: .literal("mk"), drainTimeout: .zero),
            modelGroups: [
                group("a", .off),
                group("b", .afterDelay(.milliseconds(250), maxHedges: 3)),
                group("c", .afterPercentile(99.5, maxHedges: 1)),
                {
                    var cached = group("d", .off)
                    cached.cache = ResponseCacheSettings(ttl: .milliseconds(1_500), maxEntries: 7, maxBytes: 4_096, sharedAcrossKeys: true)
                    cached.lastResort = LastResortPolicy(cache: true, staticAnswer: "Degraded; retry later.")
                    return cached
                }(),
            ]
        )
        #expect(config.validationIssues().isEmpty)
        for style in [ConfigEncodingStyle.complete, .minimal] {
            #expect(try GatewayConfig.decode(json: config.jsonData(style: style)) == config)
        }
    }

    @Test("the minimal style leaves defaults out, derived ids included")
    func minimalStyle() throws {
        let config = try GatewayConfig.decode(json: try ConfigFixtures.fixture("minimal.json"))
        let text = String(decoding: config.jsonData(style: .minimal), as: UTF8.self)
        #expect(text == """
        {
          "model_groups": [
            {
              "name": "local",
              "deployments": [
                {
                  "model": "llama3.1",
                  "provider": {
                    "kind": "openai",
                    "base_url": "http://localhost:11434/v1"
                  }
                }
              ]
            }
          ]
        }

        """)
    }

    @Test("the complete style writes every field")
    func completeStyle() throws {
        let tree = GatewayConfig.defaults(environment: [:]).tree(style: .complete)
        let group = try #require(tree["model_groups"]?.elements?.first)
        for key in ["name", "kind", "strategy", "deployments", "retry", "cooldown", "fallbacks", "hedging"] {
            #expect(group[key] != nil, "missing \(key)")
        }
        #expect(tree["server"]?["master_key"] == .null)
        #expect(group["deployments"]?.elements?.first?["provider"]?["faults"]?["retry_after_s"] == 1)
    }

    @Test("Data/CONFIG.md documents every key the encoder writes")
    func everyKeyDocumented() throws {
        let doc = String(decoding: try Data(contentsOf: ConfigFixtures.packageRoot.appendingPathComponent("Data/CONFIG.md")),
                         as: UTF8.self)
        var configs = try Self.configs()
        configs.append(try GatewayConfig.decode(ConfigFixtures.base.setting("model_groups[0].hedging", to: ["after_ms": 5])))
        configs.append(try GatewayConfig.decode(ConfigFixtures.base
            .setting("model_groups[0].cache", to: ["ttl_ms": 5])
            .setting("model_groups[0].last_resort", to: ["cache": true, "static_answer": "Degraded."])))
        var keys: Set<String> = []
        func collect(_ tree: ConfigTree) {
            switch tree {
            case .object(let members):
                for member in members {
                    keys.insert(member.key)
                    collect(member.value)
                }
            case .array(let elements):
                elements.forEach(collect)
            default:
                break
            }
        }
        for config in configs { collect(config.tree(style: .complete)) }
        #expect(keys.count > 50)
        for key in keys.sorted() {
            // Table rows name keys as `key`, `parent.key` or `key.child`.
            #expect(doc.contains("\(key)`") || doc.contains("`\(key)."), "CONFIG.md does not document \(key)")
        }
    }
}
