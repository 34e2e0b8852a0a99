import TriageSchema

/// Runs one chat request against a model group: deployments in priority order, one attempt
/// each, every attempt bounded by its deployment's attempt timeout (streams: by the time to
/// first token). Selection strategies, retries with backoff, cooldowns, fallbacks across
/// groups and hedging belong to the resilience layer and slot in here.
public struct ChatExecutor: Sendable {
    public let providers: ProviderSet

    public init(providers: ProviderSet) {
        self.providers = providers
    }

    /// A finished non-streaming answer and how it was obtained.
    public struct Completion: Sendable {
        public var completion: ChatCompletion
        public var deployment: Deployment
        public var attempts: Int
        public var upstreamTime: Duration
    }

    /// A stream whose first chunk has arrived, so the response can commit to 200.
    public struct OpenStream: Sendable {
        public var first: ChatCompletionChunk
        public var rest: AsyncThrowingStream<ChatCompletionChunk, any Error>
        public var deployment: Deployment
        public var attempts: Int
    }

    /// Deployments in the order this build tries them: priority, then weight.
    static func order(_ group: ModelGroup) -> [Deployment] {
        group.deployments.enumerated().sorted { a, b in
            (a.element.priority, -a.element.weight, a.offset) < (b.element.priority, -b.element.weight, b.offset)
        }.map(\.element)
    }

    public func complete(_ request: ChatCompletionRequest, group: ModelGroup) async throws(ExecutionFailure) -> Completion {
        var failures: [ExecutionFailure.Attempt] = []
        for deployment in Self.order(group) {
            guard let provider = providers.provider(for: deployment) else {
                failures.append(.init(deployment: deployment.id, failure: .connection("provider '\(deployment.provider.kind)' is not available in this build")))
                continue
            }
            let started = ContinuousClock.now
            do {
                let completion = try await Self.withTimeout(deployment.timeouts.attempt, what: "attempt on \(deployment.id)") {
                    try await provider.complete(request, deployment: deployment)
                }
                return Completion(completion: completion, deployment: deployment, attempts: failures.count + 1, upstreamTime: .now - started)
            } catch {
                failures.append(.init(deployment: deployment.id, failure: error))
            }
        }
        throw ExecutionFailure(group: group.name, attempts: failures)
    }

    public func openStream(_ request: ChatCompletionRequest, group: ModelGroup) async throws(ExecutionFailure) -> OpenStream {
        var failures: [ExecutionFailure.Attempt] = []
        for deployment in Self.order(group) {
            guard let provider = providers.provider(for: deployment) else {
                failures.append(.init(deployment: deployment.id, failure: .connection("provider '\(deployment.provider.kind)' is not available in this build")))
                continue
            }
            let stream = provider.stream(request, deployment: deployment)
            do {
                // The TTFT timer starts when the upstream request is sent, not at the first chunk.
                let first = try await Self.withTimeout(deployment.timeouts.ttft, what: "first token from \(deployment.id)") {
                    var iterator = stream.makeAsyncIterator()
                    guard let chunk = try await iterator.next() else { throw UpstreamFailure.malformedResponse("stream ended before any chunk") }
                    return chunk
                }
                return OpenStream(first: first, rest: stream, deployment: deployment, attempts: failures.count + 1)
            } catch {
                failures.append(.init(deployment: deployment.id, failure: error))
            }
        }
        throw ExecutionFailure(group: group.name, attempts: failures)
    }

    /// Runs `operation`, failing with `.timeout` when `limit` passes first (the loser is cancelled).
    static func withTimeout<T: Sendable>(
        _ limit: Duration, what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws(UpstreamFailure) -> T {
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw UpstreamFailure.timeout("\(what) took longer than \(limit)")
                }
                let result = try await group.next()!
                group.cancelAll()
                return result
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch is CancellationError {
            throw .connection("cancelled")
        } catch {
            throw .connection("\(error)")
        }
    }
}
