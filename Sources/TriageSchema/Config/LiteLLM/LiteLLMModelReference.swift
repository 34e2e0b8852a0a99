import Foundation

/// LiteLLM's `litellm_params.model`, `"<provider>/<model id>"`, turned into a Triage provider.
///
/// OpenAI, Azure and Anthropic map to their own kinds; vLLM, Ollama and a few hosted services
/// that speak OpenAI's API map to `openai` with the right base URL. Anything else is reported
/// and its deployment skipped: a gateway that silently sent Bedrock traffic to OpenAI would be
/// worse than one that refuses.
struct LiteLLMModelReference {
    /// The `litellm_params` that shape the provider, with where each was written.
    struct Connection {
        var apiBase: (value: String, path: ConfigPath)?
        var apiKey: (value: SecretReference, path: ConfigPath)?
        var apiVersion: (value: String, path: ConfigPath)?
    }

    var provider: ProviderSettings
    var model: String

    /// OpenAI-compatible hosted services LiteLLM knows by prefix: base URL and the environment
    /// variable LiteLLM reads the key from when `api_key` is not given.
    private static let compatibleServices: [String: (baseURL: String, keyVariable: String)] = [
        "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY"),
        "deepseek": ("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
        "together_ai": ("https://api.together.xyz/v1", "TOGETHERAI_API_KEY"),
        "fireworks_ai": ("https://api.fireworks.ai/inference/v1", "FIREWORKS_AI_API_KEY"),
        "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
        "mistral": ("https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
        "xai": ("https://api.x.ai/v1", "XAI_API_KEY"),
    ]

    /// The provider for `model`, or nil after noting why the deployment at `entryPath` is skipped.
    static func resolve(
        _ model: String, connection c: Connection, modelPath: ConfigPath, entryPath: ConfigPath, log: LiteLLMImportLog
    ) -> LiteLLMModelReference? {
        let parts = model.split(separator: "/", maxSplits: 1).map(String.init)
        let (prefix, id) = parts.count == 2 ? (parts[0], parts[1]) : ("", model)
        var c = c
        if let version = c.apiVersion {
            if prefix != "azure" {
                log.unmapped(version.path, "only Azure deployments take api_version")
                c.apiVersion = nil
            } else if let variable = SecretReference.environmentName(in: version.value) {
                log.unmapped(version.path, "api_version comes from the environment (\(variable)); Triage uses \(AzureProviderSettings.defaultAPIVersion) unless the version is written out")
                c.apiVersion = nil
            }
        }

        func url(_ text: String) -> URL? {
            if let variable = SecretReference.environmentName(in: text) {
                log.unmapped(entryPath, "deployment skipped: api_base comes from the environment (\(variable)); write the URL itself")
                return nil
            }
            guard let url = URL.httpEndpoint(text) else {
                log.unmapped(entryPath, "deployment skipped: api_base \"\(text)\" is not an http(s) URL")
                return nil
            }
            return url
        }
        func defaultKey(_ variable: String) -> SecretReference {
            log.approximated(modelPath, "no api_key: uses env:\(variable), the variable LiteLLM reads by default")
            return .environment(variable)
        }

        switch prefix {
        case "openai", "":
            if prefix.isEmpty, id.hasPrefix("claude") {
                log.approximated(modelPath, "no provider prefix; taken as anthropic/\(id)")
                return resolve("anthropic/\(id)", connection: c, modelPath: modelPath, entryPath: entryPath, log: log)
            }
            if prefix.isEmpty { log.approximated(modelPath, "no provider prefix; taken as openai/\(id)") }
            guard let base = c.apiBase else {
                let key = c.apiKey?.value ?? defaultKey("OPENAI_API_KEY")
                return .init(provider: .openai(OpenAIProviderSettings(apiKey: key)), model: id)
            }
            guard let baseURL = url(base.value) else { return nil }
            return .init(provider: .openai(OpenAIProviderSettings(baseURL: baseURL, apiKey: c.apiKey?.value)), model: id)

        case "azure":
            guard let base = c.apiBase else {
                log.unmapped(entryPath, "deployment skipped: azure needs api_base (LiteLLM would read AZURE_API_BASE)")
                return nil
            }
            guard let baseURL = url(base.value) else { return nil }
            let settings = AzureProviderSettings(
                baseURL: baseURL,
                apiKey: c.apiKey?.value ?? defaultKey("AZURE_API_KEY"),
                apiVersion: c.apiVersion?.value ?? AzureProviderSettings.defaultAPIVersion
            )
            return .init(provider: .azure(settings), model: id)

        case "anthropic":
            var settings = AnthropicProviderSettings(apiKey: c.apiKey?.value ?? defaultKey("ANTHROPIC_API_KEY"))
            if let base = c.apiBase {
                guard let baseURL = url(base.value) else { return nil }
                settings.baseURL = baseURL
            }
            return .init(provider: .anthropic(settings), model: id)

        case "hosted_vllm":
            guard let base = c.apiBase else {
                log.unmapped(entryPath, "deployment skipped: hosted_vllm needs api_base")
                return nil
            }
            guard let baseURL = url(base.value) else { return nil }
            return .init(provider: .openai(OpenAIProviderSettings(baseURL: baseURL, apiKey: c.apiKey?.value)), model: id)

        case "ollama", "ollama_chat":
            // LiteLLM talks to Ollama's native API at the server root; Triage uses Ollama's
            // OpenAI-compatible API, which the same server offers under /v1.
            let root = c.apiBase?.value ?? "http://localhost:11434"
            let trimmed = root.hasSuffix("/") ? String(root.dropLast()) : root
            guard let baseURL = url(trimmed.hasSuffix("/v1") ? trimmed : trimmed + "/v1") else { return nil }
            log.approximated(c.apiBase?.path ?? modelPath, "Ollama is called through its OpenAI-compatible API at \(baseURL.absoluteString)")
            return .init(provider: .openai(OpenAIProviderSettings(baseURL: baseURL, apiKey: c.apiKey?.value)), model: id)

        default:
            if let service = compatibleServices[prefix] {
                var baseURL = URL(string: service.baseURL)!
                if let base = c.apiBase {
                    // As for every other provider: a bad api_base skips the deployment (the note
                    // says so) rather than quietly calling the service's public address.
                    guard let url = url(base.value) else { return nil }
                    baseURL = url
                }
                log.approximated(modelPath, "\(prefix) is called through its OpenAI-compatible API at \(baseURL.absoluteString)")
                let key = c.apiKey?.value ?? defaultKey(service.keyVariable)
                return .init(provider: .openai(OpenAIProviderSettings(baseURL: baseURL, apiKey: key)), model: id)
            }
            log.unmapped(entryPath, "deployment skipped: provider \"\(prefix)\" is not supported (Triage speaks openai, azure, anthropic, and OpenAI-compatible servers such as hosted_vllm and ollama)")
            return nil
        }
    }
}
