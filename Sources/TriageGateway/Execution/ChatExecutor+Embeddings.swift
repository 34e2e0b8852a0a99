import TriageSchema

extension ChatExecutor {
    /// Embeddings and how they were obtained.
    public typealias Embeddings = Served<EmbeddingResponse>

    /// Runs one embedding request through the same selection, retries, cooldowns and
    /// fallbacks as chat.
    public func embed(
        _ request: EmbeddingRequest, group: ModelGroup, config: GatewayConfig, spend: RequestSpend? = nil
    ) async throws(ExecutionFailure) -> Embeddings {
        var facts = RequestFacts(promptTokens: request.estimatedPromptTokens, outputTokens: 0)
        facts.spend = spend
        return try await execute(group: group, config: config, facts: facts) { deployment, limit throws(UpstreamFailure) in
            let provider = try providers.embeddingProvider(for: deployment)
            return Attempted(value: try await provider.embed(request, deployment: deployment, timeout: limit.attempt), timeToFirstToken: nil)
        }
    }
}
