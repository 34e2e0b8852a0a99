import TriageSchema

/// Runs one chat request against a model group: deployments in priority order, one attempt
/// each. The request as a whole must end within the first deployment's `total` timeout; each
/// attempt within its deployment's `attempt` timeout and what is left of the total (streams:
/// the first chunk within `ttft`). Selection strategies, retries with backoff, cooldowns,
/// fallbacks across groups and hedging belong to the resilience layer and slot in here.
public struct ChatExecutor: Sendable {
    public let providers: ProviderSet

    public init(providers: ProviderSet) {
        self.providers = providers
    }

    /// A finished non-streaming answer and how it was obtained.
    public struct Completion: Sendable {
        public var answer: UpstreamAnswer
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

    /// When the whole request must have ended, set by the first deployment tried.
    static func deadline(_ ordered: [Deployment], from start: ContinuousClock.Instant = .now) -> ContinuousClock.Instant {
        start + (ordered.first?.timeouts.total ?? .seconds(300))
    }

    /// The failure recorded when the request's total timeout ends the attempts early.
    static func totalTimeout(_ deployment: Deployment, _ ordered: [Deployment]) -> ExecutionFailure.Attempt {
        let total = ordered.first?.timeouts.total ?? .zero
        return .init(deployment: deployment.id, failure: .timeout("the request's total timeout (\(total)) passed before this deployment could be tried"))
    }

    public func complete(_ request: ChatCompletionRequest, group: ModelGroup) async throws(ExecutionFailure) -> Completion {
        var failures: [ExecutionFailure.Attempt] = []
        let ordered = Self.order(group)
        let deadline = Self.deadline(ordered)
        for deployment in ordered {
            guard let provider = providers.provider(for: deployment) else {
                failures.append(.init(deployment: deployment.id, failure: .connection("provider '\(deployment.provider.kind)' is not available in this build")))
                continue
            }
            let started = ContinuousClock.now
            guard started < deadline else {
                failures.append(Self.totalTimeout(deployment, ordered))
                break
            }
            do {
                let answer = try await provider.complete(request, deployment: deployment, timeout: min(deployment.timeouts.attempt, deadline - started))
                return Completion(answer: answer, deployment: deployment, attempts: failures.count + 1, upstreamTime: .now - started)
            } catch {
                failures.append(.init(deployment: deployment.id, failure: error))
            }
        }
        throw ExecutionFailure(group: group.name, attempts: failures)
    }

    public func openStream(_ request: ChatCompletionRequest, group: ModelGroup) async throws(ExecutionFailure) -> OpenStream {
        var failures: [ExecutionFailure.Attempt] = []
        let ordered = Self.order(group)
        let deadline = Self.deadline(ordered)
        for deployment in ordered {
            guard let provider = providers.provider(for: deployment) else {
                failures.append(.init(deployment: deployment.id, failure: .connection("provider '\(deployment.provider.kind)' is not available in this build")))
                continue
            }
            let remaining = deadline - .now
            guard remaining > .zero else {
                failures.append(Self.totalTimeout(deployment, ordered))
                break
            }
            // The whole stream must end by the request's deadline; its first chunk within ttft.
            let stream = provider.stream(request, deployment: deployment, timeout: remaining)
            do {
                // The TTFT timer starts when the upstream request is sent, not at the first chunk.
                let first = try await Self.withTimeout(min(deployment.timeouts.ttft, remaining), what: "first token from \(deployment.id)") {
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
