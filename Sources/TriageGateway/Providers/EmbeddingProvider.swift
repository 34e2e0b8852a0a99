import TriageSchema

/// One upstream API that turns texts (or token arrays) into vectors.
public protocol EmbeddingProvider: Sendable {
    /// One vector per input, in input order, with usage; `.timeout` past `timeout`.
    func embed(_ request: EmbeddingRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> EmbeddingResponse
}

extension EmbeddingProvider {
    /// A call bounded by the deployment's own attempt timeout.
    public func embed(_ request: EmbeddingRequest, deployment: Deployment) async throws(UpstreamFailure) -> EmbeddingResponse {
        try await embed(request, deployment: deployment, timeout: deployment.timeouts.attempt)
    }
}
