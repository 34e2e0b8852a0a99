import TriageSchema

extension ProviderSet {
    /// The provider that embeds for a deployment. Anthropic has no embeddings API (config
    /// validation keeps it out of embedding groups); a provider swapped in that cannot embed
    /// is unavailable.
    public func embeddingProvider(for deployment: Deployment) throws(UpstreamFailure) -> any EmbeddingProvider {
        if case .anthropic = deployment.provider {
            throw .badRequest(status: 400, message: "anthropic has no embeddings API; deployment \(deployment.id) cannot serve an embedding group")
        }
        guard let provider = provider(for: deployment) as? any EmbeddingProvider else {
            throw .connection("provider '\(deployment.provider.kind)' cannot embed in this build")
        }
        return provider
    }
}
