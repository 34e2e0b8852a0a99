import Foundation

/// An OpenAI-compatible endpoint: OpenAI itself or any server speaking its API.
public struct OpenAIProviderSettings: Sendable, Equatable {
    /// Up to and including `/v1`; Triage appends `/chat/completions` or `/embeddings`.
    public var baseURL: URL
    /// Sent as `Authorization: Bearer …`; nil sends none (local vLLM or Ollama).
    public var apiKey: SecretReference?

    public init(baseURL: URL = OpenAIProviderSettings.openAIBaseURL, apiKey: SecretReference? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    public static let openAIBaseURL = URL(string: "https://api.openai.com/v1")!
}
