import TriageSchema

/// The provider serving each kind of deployment.
public struct ProviderSet: Sendable {
    public var simulated: any ChatProvider

    public init(simulated: any ChatProvider = SimulatedProvider()) {
        self.simulated = simulated
    }

    /// The provider for a deployment, or nil for a kind this build cannot call yet.
    public func provider(for deployment: Deployment) -> (any ChatProvider)? {
        switch deployment.provider {
        case .sim: simulated
        case .openai, .azure, .anthropic: nil
        }
    }
}
