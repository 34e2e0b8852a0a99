import Foundation

/// Anthropic's Messages API.
public struct AnthropicProviderSettings: Sendable, Equatable {
    /// Triage appends `/v1/messages`.
    public var baseURL: URL
    /// Sent in the `x-api-key` header.
    public var apiKey: SecretReference
    /// Sent as `anthropic-version`.
    public var apiVersion: String

    public init(
        baseURL: URL = AnthropicProviderSettings.anthropicBaseURL,
        apiKey: SecretReference,
        apiVersion: String = AnthropicProviderSettings.defaultAPIVersion
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
    }

    public static let anthropicBaseURL = URL(string: "https://api.anthropic.com")!
    public static let defaultAPIVersion = "2023-06-01"
}
