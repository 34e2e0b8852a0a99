import TriageSchema

/// The provider serving each kind of deployment.
public struct ProviderSet: Sendable {
    public var simulated: any ChatProvider
    /// Serves `openai` and `azure` deployments, which speak the same API.
    public var openAICompatible: any ChatProvider
    public var anthropic: any ChatProvider

    /// The real providers default to AsyncHTTPClient's shared client, which lives as long as
    /// the process and needs no shutdown, and read keys from the process environment.
    public init(
        simulated: any ChatProvider = SimulatedProvider(),
        openAICompatible: any ChatProvider = OpenAICompatibleProvider(),
        anthropic: any ChatProvider = AnthropicProvider()
    ) {
        self.simulated = simulated
        self.openAICompatible = openAICompatible
        self.anthropic = anthropic
    }

    /// The provider for a deployment, or nil for a kind this build cannot call.
    public func provider(for deployment: Deployment) -> (any ChatProvider)? {
        switch deployment.provider {
        case .sim: simulated
        case .openai, .azure: openAICompatible
        case .anthropic: anthropic
        }
    }
}
