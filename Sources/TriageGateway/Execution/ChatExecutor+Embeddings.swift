import TriageSchema

extension ChatExecutor {
    /// Embeddings and how they were obtained.
    public struct Embeddings: Sendable {
        public var response: EmbeddingResponse
        public var deployment: Deployment
        public var attempts: Int
        public var upstreamTime: Duration
    }

    /// Runs one embedding request against a group as `complete` runs chat: deployments in
    /// priority order, one attempt each, each bounded by its deployment's attempt timeout.
    public func embed(_ request: EmbeddingRequest, group: ModelGroup) async throws(ExecutionFailure) -> Embeddings {
        var failures: [ExecutionFailure.Attempt] = []
        for deployment in Self.order(group) {
            let started = ContinuousClock.now
            do {
                let provider = try providers.embeddingProvider(for: deployment)
                let response = try await Self.withTimeout(deployment.timeouts.attempt, what: "attempt on \(deployment.id)") {
                    try await provider.embed(request, deployment: deployment)
                }
                return Embeddings(response: response, deployment: deployment, attempts: failures.count + 1, upstreamTime: .now - started)
            } catch {
                failures.append(.init(deployment: deployment.id, failure: error))
            }
        }
        throw ExecutionFailure(group: group.name, attempts: failures)
    }
}
