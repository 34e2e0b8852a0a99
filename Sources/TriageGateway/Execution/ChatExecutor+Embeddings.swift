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
    /// priority order, one attempt each, within the attempt and total timeouts.
    public func embed(_ request: EmbeddingRequest, group: ModelGroup) async throws(ExecutionFailure) -> Embeddings {
        var failures: [ExecutionFailure.Attempt] = []
        let ordered = Self.order(group)
        let deadline = Self.deadline(ordered)
        for deployment in ordered {
            let started = ContinuousClock.now
            guard started < deadline else {
                failures.append(Self.totalTimeout(deployment, ordered))
                break
            }
            do {
                let provider = try providers.embeddingProvider(for: deployment)
                let response = try await provider.embed(request, deployment: deployment, timeout: min(deployment.timeouts.attempt, deadline - started))
                return Embeddings(response: response, deployment: deployment, attempts: failures.count + 1, upstreamTime: .now - started)
            } catch {
                failures.append(.init(deployment: deployment.id, failure: error))
            }
        }
        throw ExecutionFailure(group: group.name, attempts: failures)
    }
}
