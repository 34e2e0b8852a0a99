/// The API an upstream speaks; the tag of `ProviderSettings` and the `kind` key in the config.
public enum ProviderKind: String, Sendable, Equatable, CaseIterable {
    /// OpenAI's Chat Completions API at any base URL: OpenAI, vLLM, Ollama, LM Studio, ….
    case openai
    /// Azure OpenAI: deployment URLs with `api-version`, key in the `api-key` header.
    case azure
    /// Anthropic's Messages API, translated to and from OpenAI's shapes.
    case anthropic
    /// The built-in simulated provider; no traffic leaves the machine.
    case sim
}
