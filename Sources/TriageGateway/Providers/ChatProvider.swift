import TriageSchema

/// One upstream API: completes a chat request, or streams it.
public protocol ChatProvider: Sendable {
    /// The whole answer, with usage.
    func complete(_ request: ChatCompletionRequest, deployment: Deployment) async throws(UpstreamFailure) -> ChatCompletion

    /// The answer as OpenAI chunks; a failure before the first chunk is an `UpstreamFailure`,
    /// one after it ends the stream with that error.
    func stream(_ request: ChatCompletionRequest, deployment: Deployment) -> AsyncThrowingStream<ChatCompletionChunk, any Error>
}
