import TriageSchema

/// `POST {base_url}/embeddings` (Azure: `.../openai/deployments/{model}/embeddings?api-version=`),
/// the client's body sent as is with `model` replaced by the deployment's.
extension OpenAICompatibleProvider: EmbeddingProvider {
    public func embed(_ request: EmbeddingRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> EmbeddingResponse {
        let (url, headers) = try endpoint(deployment, path: "/embeddings")
        let body = JSONValue.object(request.upstreamBody(model: deployment.model)).serialized()
        let response = try await upstream.post(url: url, headers: headers, body: body, deadline: timeout)
        return try HTTPUpstream.decode(EmbeddingResponse.self, from: try await HTTPUpstream.collect(response).readableBytesView)
    }
}
