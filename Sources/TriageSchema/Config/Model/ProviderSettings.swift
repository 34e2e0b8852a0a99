import Foundation

/// How to reach one upstream. Each case carries only the settings its API has, so an Azure
/// `api_version` on a simulated deployment cannot even be written down.
public enum ProviderSettings: Sendable, Equatable {
    case openai(OpenAIProviderSettings)
    case azure(AzureProviderSettings)
    case anthropic(AnthropicProviderSettings)
    case sim(SimulatedProviderSettings)

    public var kind: ProviderKind {
        switch self {
        case .openai: .openai
        case .azure: .azure
        case .anthropic: .anthropic
        case .sim: .sim
        }
    }

    /// The key the upstream expects, if it takes one.
    public var apiKey: SecretReference? {
        switch self {
        case .openai(let settings): settings.apiKey
        case .azure(let settings): settings.apiKey
        case .anthropic(let settings): settings.apiKey
        case .sim: nil
        }
    }
}
