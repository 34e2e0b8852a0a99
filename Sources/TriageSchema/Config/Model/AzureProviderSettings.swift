import Foundation

/// An Azure OpenAI resource. The deployment's `model` is the Azure deployment name, so the URL
/// is `{base_url}/openai/deployments/{model}/chat/completions?api-version={api_version}`.
public struct AzureProviderSettings: Sendable, Equatable {
    /// The resource endpoint, such as `https://my-resource.openai.azure.com`.
    public var baseURL: URL
    /// Sent in the `api-key` header.
    public var apiKey: SecretReference
    public var apiVersion: String

    public init(baseURL: URL, apiKey: SecretReference, apiVersion: String = AzureProviderSettings.defaultAPIVersion) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
    }

    /// A generally available Azure OpenAI data-plane version.
    public static let defaultAPIVersion = "2024-10-21"
}
