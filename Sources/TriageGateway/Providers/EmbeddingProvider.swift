import TriageSchema

/// One upstream API that turns texts (or token arrays) into vectors.
public protocol EmbeddingProvider: Sendable {
    /// One vector per input, in input order, with usage.
    func embed(_ request: EmbeddingRequest, deployment: Deployment) async throws(UpstreamFailure) -> EmbeddingResponse
}
