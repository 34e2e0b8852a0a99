import TriageSchema

/// One upstream API: completes a chat request, or streams it.
///
/// Each call is bounded by `timeout` inside the provider (the HTTP client's deadline, or the
/// simulated clock), so the executor needs no timer task of its own per attempt.
public protocol ChatProvider: Sendable {
    /// The whole answer, with usage; `.timeout` when it has not arrived within `timeout`.
    func complete(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> UpstreamAnswer

    /// The answer as OpenAI chunks, the whole stream within `timeout`; a failure before the
    /// first chunk is an `UpstreamFailure`, one after it ends the stream with that error.
    func stream(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) -> AsyncThrowingStream<ChatCompletionChunk, any Error>
}

extension ChatProvider {
    /// A call bounded by the deployment's own attempt timeout.
    public func complete(_ request: ChatCompletionRequest, deployment: Deployment) async throws(UpstreamFailure) -> UpstreamAnswer {
        try await complete(request, deployment: deployment, timeout: deployment.timeouts.attempt)
    }

    /// A stream bounded by the deployment's own total timeout.
    public func stream(_ request: ChatCompletionRequest, deployment: Deployment) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        stream(request, deployment: deployment, timeout: deployment.timeouts.total)
    }
}
