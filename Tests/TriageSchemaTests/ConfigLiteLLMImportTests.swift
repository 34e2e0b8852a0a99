import Foundation
import Testing
@testable import TriageSchema

@Suite("LiteLLM config import")
struct ConfigLiteLLMImportTests {
    /// `Data/configs/litellm_config.yaml` as a YAML parser gives it (TriageSchema has none);
    /// `treeMatchesYAML` checks that the two stay in step.
    static let example: ConfigTree = [
        "model_list": [
            [
                "model_name": "gpt-4o",
                "litellm_params": [
                    "model": "azure/gpt-4o-eastus",
                    "api_base": "https://contoso-eastus.openai.azure.com",
                    "api_key": "os.environ/AZURE_EASTUS_API_KEY",
                    "api_version": "2024-10-21",
                    "rpm": 600,
                    "tpm": 150_000,
                    "weight": 2,
                    "region_name": "eastus",
                    "input_cost_per_token": 0.0000025,
                    "output_cost_per_token": 0.00001,
                ],
                "model_info": ["id": "gpt-4o-eastus", "max_input_tokens": 128_000],
            ],
            [
                "model_name": "gpt-4o",
                "litellm_params": [
                    "model": "openai/gpt-4o",
                    "api_key": "os.environ/OPENAI_API_KEY",
                    "rpm": 500,
                    "timeout": 60,
                    "stream_timeout": 15,
                    "tags": ["openai", "direct"],
                    "input_cost_per_token": 0.0000025,
                    "output_cost_per_token": 0.00001,
                ],
                "model_info": ["id": "gpt-4o-openai", "max_input_tokens": 128_000, "base_model": "gpt-4o"],
            ],
            [
                "model_name": "claude-sonnet",
                "litellm_params": [
                    "model": "anthropic/claude-sonnet-4-20250514",
                    "api_key": "os.environ/ANTHROPIC_API_KEY",
                    "max_parallel_requests": 20,
                    "input_cost_per_token": 0.000003,
                    "output_cost_per_token": 0.000015,
                ],
                "model_info": ["max_input_tokens": 200_000],
            ],
            [
                "model_name": "llama-local",
                "litellm_params": [
                    "model": "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct",
                    "api_base": "http://gpu-box.internal:8000/v1",
                    "order": 1,
                ],
            ],
            [
                "model_name": "llama-local",
                "litellm_params": [
                    "model": "ollama/llama3.1",
                    "api_base": "http://localhost:11434",
                    "order": 2,
                    "temperature": 0.2,
                ],
            ],
            [
                "model_name": "titan",
                "litellm_params": ["model": "bedrock/amazon.titan-text-express-v1", "aws_region_name": "us-east-1"],
            ],
            [
                "model_name": "embeddings",
                "litellm_params": [
                    "model": "openai/text-embedding-3-small",
                    "api_key": "os.environ/OPENAI_API_KEY",
                    "input_cost_per_token": 0.00000002,
                ],
                "model_info": ["mode": "embedding"],
            ],
        ],
        "router_settings": [
            "routing_strategy": "latency-based-routing",
            "num_retries": 3,
            "retry_after": 1,
            "allowed_fails": 2,
            "cooldown_time": 60,
            "timeout": 90,
            "fallbacks": [["gpt-4o": ["claude-sonnet"]], ["claude-sonnet": ["gpt-4o"]]],
            "context_window_fallbacks": [["gpt-4o": ["claude-sonnet"]]],
            "content_policy_fallbacks": [["claude-sonnet": ["gpt-4o", "titan"]]],
            "max_fallbacks": 2,
            "enable_pre_call_checks": true,
            "redis_host": "os.environ/REDIS_HOST",
            "redis_port": 6379,
        ],
        "litellm_settings": [
            "num_retries": 5,
            "request_timeout": 600,
            "drop_params": true,
            "success_callback": ["langfuse"],
            "default_fallbacks": ["gpt-4o"],
        ],
        "general_settings": [
            "master_key": "os.environ/LITELLM_MASTER_KEY",
            "database_url": "os.environ/DATABASE_URL",
            "max_budget": 100,
            "budget_duration": "30d",
            "alerting": ["slack"],
        ],
        "environment_variables": ["LANGFUSE_HOST": "https://cloud.langfuse.com"],
    ]

    static func imported() throws -> LiteLLMImport {
        try LiteLLMConfigImporter().convert(example)
    }

    @Test("the tree above is the example YAML file, key for key and value for value")
    func treeMatchesYAML() throws {
        let yaml = String(decoding: try ConfigFixtures.exampleConfig("litellm_config.yaml"), as: UTF8.self)
        func walk(_ tree: ConfigTree) {
            switch tree {
            case .object(let members):
                for member in members {
                    #expect(yaml.contains("\(member.key):"), "\(member.key) is not in the YAML")
                    walk(member.value)
                }
            case .array(let elements):
                elements.forEach(walk)
            case .string(let s):
                #expect(yaml.contains(s), "\(s) is not in the YAML")
            default:
                break
            }
        }
        walk(Self.example)
        #expect(yaml.components(separatedBy: "- model_name:").count - 1 == Self.example["model_list"]?.elements?.count)
    }

    @Test("every key that was not carried over is listed, with its path and why, in file order")
    func unmappedKeys() throws {
        #expect(try Self.imported().unmapped.map(\.description) == [
            "model_list[1].model_info.base_model: no Triage equivalent",
            "model_list[4].litellm_params.temperature: no Triage equivalent",
            "model_list[5]: deployment skipped: provider \"bedrock\" is not supported (Triage speaks openai, azure, anthropic, and OpenAI-compatible servers such as hosted_vllm and ollama)",
            "router_settings.content_policy_fallbacks[0].claude-sonnet[1]: no model group named \"titan\"",
            "router_settings.enable_pre_call_checks: not needed: Triage always checks max_context_tokens before a call",
            "router_settings.redis_host: Triage keeps deployment health per instance; shared state arrives with its PostgreSQL store",
            "router_settings.redis_port: Triage keeps deployment health per instance; shared state arrives with its PostgreSQL store",
            "litellm_settings.num_retries: overridden by router_settings.num_retries",
            "litellm_settings.request_timeout: overridden by router_settings.timeout",
            "litellm_settings.drop_params: no Triage equivalent",
            "litellm_settings.success_callback: no Triage equivalent",
            "general_settings.database_url: Triage keeps keys and spend in the SQLite file named by telemetry.path",
            "general_settings.alerting: no Triage equivalent",
            "environment_variables: set these in the gateway's environment instead",
        ])
    }

    @Test("approximate mappings are listed too")
    func approximations() throws {
        let approximations = try Self.imported().approximations.map(\.description)
        #expect(approximations == [
            "model_list[1].litellm_params.stream_timeout: became timeouts.ttft_ms, the limit on the time to the first token",
            "model_list[3].litellm_params.order: group \"llama-local\" uses the priority strategy: the lowest order serves while it is healthy",
            "model_list[4].litellm_params.api_base: Ollama is called through its OpenAI-compatible API at http://localhost:11434/v1",
            "router_settings.retry_after: became retry.backoff.initial_ms: the first backoff step, which full jitter spreads below it",
            "router_settings.allowed_fails: became cooldown.consecutive_failures = 3: LiteLLM counts failures per minute, Triage failures in a row (and the error rate)",
        ])
    }

    @Test("the converted config is valid and says what the LiteLLM file said")
    func convertedConfig() throws {
        let result = try Self.imported()
        #expect(result.issues == [])
        let config = result.config
        #expect(config.server.masterKey == .environment("LITELLM_MASTER_KEY"))
        #expect(config.governance.budget == Budget(maxUSD: 100, duration: BudgetDuration(parsing: "30d")))
        #expect(config.modelGroups.map(\.name) == ["gpt-4o", "claude-sonnet", "llama-local", "embeddings"])
        #expect(config.modelGroups.map(\.kind) == [.chat, .chat, .chat, .embedding])
        #expect(config.modelGroups.map(\.strategy) == [.latency, .latency, .priority, .latency])

        let gpt = try #require(config.group(named: "gpt-4o"))
        #expect(gpt.deployments.map(\.id) == ["gpt-4o-eastus", "gpt-4o-openai"])
        let azure = gpt.deployments[0]
        #expect(azure.provider == .azure(AzureProviderSettings(
            baseURL: URL(string: "https://contoso-eastus.openai.azure.com")!,
            apiKey: .environment("AZURE_EASTUS_API_KEY"), apiVersion: "2024-10-21"
        )))
        #expect(azure.model == "gpt-4o-eastus")
        #expect(azure.weight == 2 && azure.region == "eastus")
        #expect(azure.limits == DeploymentLimits(rpm: 600, tpm: 150_000, maxContextTokens: 128_000))
        #expect(azure.price == Price(inputPerMillion: 2.5, outputPerMillion: 10))
        #expect(azure.timeouts == Timeouts(total: .seconds(300), attempt: .seconds(90), ttft: .seconds(30)))
        let openai = gpt.deployments[1]
        #expect(openai.provider == .openai(OpenAIProviderSettings(apiKey: .environment("OPENAI_API_KEY"))))
        #expect(openai.tags == ["openai", "direct"])
        #expect(openai.timeouts == Timeouts(total: .seconds(300), attempt: .seconds(60), ttft: .seconds(15)))

        let claude = try #require(config.group(named: "claude-sonnet"))
        #expect(claude.deployments[0].id == "claude-sonnet-1")
        #expect(claude.deployments[0].provider == .anthropic(AnthropicProviderSettings(apiKey: .environment("ANTHROPIC_API_KEY"))))
        #expect(claude.deployments[0].limits == DeploymentLimits(maxInFlight: 20, maxContextTokens: 200_000))
        #expect(claude.deployments[0].price == Price(inputPerMillion: 3, outputPerMillion: 15))

        let llama = try #require(config.group(named: "llama-local"))
        #expect(llama.deployments.map(\.priority) == [1, 2])
        #expect(llama.deployments.map(\.model) == ["meta-llama/Llama-3.1-8B-Instruct", "llama3.1"])
        #expect(llama.deployments.map(\.provider) == [
            .openai(OpenAIProviderSettings(baseURL: URL(string: "http://gpu-box.internal:8000/v1")!)),
            .openai(OpenAIProviderSettings(baseURL: URL(string: "http://localhost:11434/v1")!)),
        ])
        #expect(config.group(named: "embeddings")?.deployments[0].price == Price(inputPerMillion: 0.02, outputPerMillion: 0))

        for group in config.modelGroups {
            #expect(group.retry == RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .seconds(1))))
            #expect(group.cooldown == CooldownPolicy(consecutiveFailures: 3, duration: .seconds(60)))
            #expect(group.fallbacks.maxFallbacks == 2)
        }
        #expect(gpt.fallbacks == FallbackPolicy(generic: ["claude-sonnet"], contextWindow: ["claude-sonnet"], maxFallbacks: 2))
        #expect(claude.fallbacks == FallbackPolicy(generic: ["gpt-4o"], contentPolicy: ["gpt-4o"], maxFallbacks: 2))
        // default_fallbacks fill in groups without their own, of the same kind only.
        #expect(llama.fallbacks.generic == ["gpt-4o"])
        #expect(config.group(named: "embeddings")?.fallbacks.generic == [])
    }

    @Test("the converted config survives writing out and reading back")
    func writtenOut() throws {
        let config = try Self.imported().config
        #expect(try GatewayConfig.decode(json: config.jsonData(style: .minimal)) == config)
        #expect(try GatewayConfig.decode(json: config.jsonData(style: .complete)) == config)
    }

    @Test("strategies map by name; usage-based routing becomes weighted with a note", arguments: [
        ("simple-shuffle", SelectionStrategy.weighted), ("least-busy", .leastBusy),
        ("latency-based-routing", .latency), ("cost-based-routing", .cost),
        ("usage-based-routing", .weighted), ("usage-based-routing-v2", .weighted),
    ])
    func strategies(_ name: String, _ expected: SelectionStrategy) throws {
        let tree: ConfigTree = [
            "model_list": [["model_name": "m", "litellm_params": ["model": "openai/gpt-4o-mini"]]],
            "router_settings": ["routing_strategy": .string(name)],
        ]
        let result = try LiteLLMConfigImporter().convert(tree)
        #expect(result.config.modelGroups.first?.strategy == expected)
        #expect(result.approximations.contains { $0.path == "router_settings.routing_strategy" } == name.hasPrefix("usage"))
    }

    @Test("provider prefixes, literal keys, LiteLLM's default key variables and skipped deployments")
    func providers() throws {
        let tree: ConfigTree = [
            "model_list": [
                ["model_name": "a", "litellm_params": ["model": "gpt-4o-mini"]],
                ["model_name": "b", "litellm_params": ["model": "claude-3-5-haiku-20241022", "api_key": "sk-ant-LITERAL"]],
                ["model_name": "c", "litellm_params": ["model": "groq/llama-3.1-8b-instant", "rpm": "30"]],
                ["model_name": "d", "litellm_params": ["model": "azure/dep", "api_key": "os.environ/K"]],
                ["model_name": "e", "litellm_params": ["model": "vertex_ai/gemini-1.5-pro"]],
                ["model_name": "f", "litellm_params": ["model": "openai/x", "api_base": "not a url"]],
                ["model_name": "g", "litellm_params": ["model": "openai/x", "rpm": "lots", "api_version": "v1"]],
                ["litellm_params": ["model": "openai/x"]],
            ],
            "general_settings": ["master_key": "sk-1234"],
        ]
        let result = try LiteLLMConfigImporter().convert(tree)
        let groups = result.config.modelGroups
        #expect(groups.map(\.name) == ["a", "b", "c", "g"])
        #expect(groups[0].deployments[0].provider == .openai(OpenAIProviderSettings(apiKey: .environment("OPENAI_API_KEY"))))
        #expect(groups[1].deployments[0].provider == .anthropic(AnthropicProviderSettings(apiKey: .literal("sk-ant-LITERAL"))))
        #expect(groups[2].deployments[0].provider == .openai(OpenAIProviderSettings(
            baseURL: URL(string: "https://api.groq.com/openai/v1")!, apiKey: .environment("GROQ_API_KEY")
        )))
        #expect(groups[2].deployments[0].limits.rpm == 30)
        #expect(result.config.server.masterKey == .literal("sk-1234"))
        #expect(result.unmapped.map(\.description) == [
            "model_list[3]: deployment skipped: azure needs api_base (LiteLLM would read AZURE_API_BASE)",
            "model_list[4]: deployment skipped: provider \"vertex_ai\" is not supported (Triage speaks openai, azure, anthropic, and OpenAI-compatible servers such as hosted_vllm and ollama)",
            "model_list[5]: deployment skipped: api_base \"not a url\" is not an http(s) URL",
            "model_list[6].litellm_params.rpm: expected an integer, found a string",
            "model_list[6].litellm_params.api_version: only Azure deployments take api_version",
            "model_list[7]: deployment skipped: no model_name",
        ])
        #expect(result.approximations.map(\.path.description) == [
            "model_list[0].litellm_params.model", "model_list[0].litellm_params.model",
            "model_list[1].litellm_params.model", "model_list[1].litellm_params.api_key",
            "model_list[2].litellm_params.model", "model_list[2].litellm_params.model",
            "model_list[6].litellm_params.model",
            "general_settings.master_key",
        ])
        #expect(result.issues == [])
        // The literal keys are carried, never shown.
        #expect(!String(describing: result).contains("sk-ant-LITERAL"))
        #expect(!String(describing: result).contains("sk-1234"))
    }

    @Test("settings LiteLLM reads from the environment but Triage needs written out")
    func environmentSettings() throws {
        let tree: ConfigTree = [
            "model_list": [
                ["model_name": "a", "litellm_params": [
                    "model": "azure/dep", "api_base": "os.environ/AZURE_API_BASE", "api_key": "os.environ/AZURE_API_KEY",
                ]],
                ["model_name": "b", "litellm_params": [
                    "model": "azure/dep", "api_base": "https://r.openai.azure.com", "api_version": "os.environ/AZURE_API_VERSION",
                ]],
            ],
        ]
        let result = try LiteLLMConfigImporter().convert(tree)
        #expect(result.unmapped.map(\.description) == [
            "model_list[0]: deployment skipped: api_base comes from the environment (AZURE_API_BASE); write the URL itself",
            "model_list[1].litellm_params.api_version: api_version comes from the environment (AZURE_API_VERSION); Triage uses 2024-10-21 unless the version is written out",
        ])
        #expect(result.config.modelGroups.first?.deployments.first?.provider == .azure(AzureProviderSettings(
            baseURL: URL(string: "https://r.openai.azure.com")!, apiKey: .environment("AZURE_API_KEY")
        )))
    }

    @Test("a file that is not a mapping is refused; an empty one converts to an invalid config")
    func degenerateInput() throws {
        #expect(throws: ConfigError.self) { try LiteLLMConfigImporter().convert(["model_list"]) }
        let empty = try LiteLLMConfigImporter().convert([:])
        #expect(empty.issues.map(\.description) == ["model_groups: must define at least one model group"])
    }
}
