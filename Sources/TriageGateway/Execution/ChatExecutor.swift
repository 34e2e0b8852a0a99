import Foundation
import Tracing
import TriageSchema

/// Runs one request against a model group and, when the group cannot answer, its fallbacks.
///
/// Within a group: pick a deployment by the group's strategy among those in rotation (health,
/// limits, context window), attempt it (with a hedge when the group asks for one), and on a
/// retryable failure try again: on another healthy deployment at once, or on the same one
/// after an exponential, jittered backoff that honours `Retry-After`. A failure class with a
/// fallback list of its own (context window, content policy, rate limit) or a group out of
/// attempts moves the request to the next fallback group, never to one it already visited.
///
/// Time: the first deployment's `total` bounds the whole request; each attempt gets at most
/// its `attempt` timeout and what is left of the total; streams must show a first chunk
/// within `ttft`, measured from sending the call.
public struct ChatExecutor: Sendable {
    public let providers: ProviderSet
    public let health: HealthRegistry
    let metrics: GatewayMetrics
    let random: RandomSource
    let affinity: AffinityTable
    /// Where spans go: the process's tracer (`InstrumentationSystem`, a no-op unless `serve`
    /// bootstraps an exporter), or one a test records with.
    let tracer: any Tracer

    public init(
        providers: ProviderSet, health: HealthRegistry = HealthRegistry(), metrics: GatewayMetrics = GatewayMetrics(),
        random: RandomSource = RandomSource(), affinity: AffinityTable = AffinityTable(), tracer: any Tracer = InstrumentationSystem.tracer
    ) {
        self.providers = providers
        self.health = health
        self.metrics = metrics
        self.random = random
        self.affinity = affinity
        self.tracer = tracer
    }

    /// A success and how it was obtained.
    public struct Served<Value: Sendable>: Sendable {
        public var value: Value
        public var deployment: Deployment
        /// The group that answered: the requested one, or a fallback.
        public var group: ModelGroup
        public var attempts: Int
        public var fallbacks: Int
        public var upstreamTime: Duration
    }

    /// A finished non-streaming answer.
    public typealias Completion = Served<UpstreamAnswer>

    /// A stream whose first chunk has arrived, so the response can commit to 200. `finished`
    /// must be called once when the stream ends, so the deployment's health and load see it.
    public struct OpenStream: Sendable {
        public var first: ChatCompletionChunk
        public var rest: AsyncThrowingStream<ChatCompletionChunk, any Error>
        public var finished: @Sendable (HealthRegistry.Outcome) -> Void
    }

    public func complete(_ request: ChatCompletionRequest, group: ModelGroup, config: GatewayConfig, facts: RequestFacts? = nil) async throws(ExecutionFailure) -> Completion {
        let facts = facts ?? RequestFacts(request)
        return try await execute(group: group, config: config, facts: facts) { deployment, limit throws(UpstreamFailure) in
            guard let provider = providers.provider(for: deployment) else { throw Self.missingProvider(deployment) }
            let answer = try await provider.complete(Self.capped(request, for: deployment, facts), deployment: deployment, timeout: limit.attempt)
            return Attempted(value: answer, timeToFirstToken: nil)
        }
    }

    public func openStream(
        _ request: ChatCompletionRequest, group: ModelGroup, config: GatewayConfig, facts: RequestFacts? = nil
    ) async throws(ExecutionFailure) -> Served<OpenStream> {
        let facts = facts ?? RequestFacts(request)
        let started = health.clock.now
        var served = try await execute(group: group, config: config, facts: facts, finishOnSuccess: false) { deployment, limit throws(UpstreamFailure) in
            guard let provider = providers.provider(for: deployment) else { throw Self.missingProvider(deployment) }
            // The whole stream must end by the request's deadline; its first chunk within ttft,
            // counted from sending the call.
            let stream = provider.stream(Self.capped(request, for: deployment, facts), deployment: deployment, timeout: limit.remaining)
            let sent = ContinuousClock.now
            let first = try await Self.withTimeout(min(deployment.timeouts.ttft, limit.remaining), what: "first token from \(deployment.id)") {
                var iterator = stream.makeAsyncIterator()
                guard let chunk = try await iterator.next() else { throw UpstreamFailure.malformedResponse("stream ended before any chunk") }
                return chunk
            }
            let opened = OpenStream(first: first, rest: stream, finished: { _ in })
            return Attempted(value: opened, timeToFirstToken: .now - sent)
        }
        let (health, deployment, policy, sole) = (self.health, served.deployment, served.group.cooldown, served.group.deployments.count == 1)
        let metrics = self.metrics
        let ttft = served.upstreamTime
        served.value.finished = { outcome in
            // A stream's success is known at its end; its latency for the averages is its TTFT.
            let recorded: HealthRegistry.Outcome
            switch outcome {
            case .success: recorded = .success(latency: health.clock.now - started, timeToFirstToken: ttft)
            default: recorded = outcome
            }
            Self.noteTransition(health.finish(deployment, recorded, policy: policy, soleDeployment: sole), deployment, metrics)
        }
        return served
    }

    /// Counts an answer's tokens and cost in the metrics and charges them to the request's
    /// spend; returns the cost in USD. An answer without usage is charged its attempt's worst
    /// case (see `RequestSpend.charge`).
    func bill(_ usage: Usage?, group: ModelGroup, deployment: Deployment, facts: RequestFacts) -> Double {
        let cost = metrics.recordUsage(usage, group: group, deployment: deployment)
        guard let spend = facts.spend else { return cost }
        return spend.charge(group: group.name, deployment: deployment, usage: usage)
    }

    /// The request as `deployment` receives it: with the output cap its reservation assumed,
    /// when a budget covers it and the client set none.
    static func capped(_ request: ChatCompletionRequest, for deployment: Deployment, _ facts: RequestFacts) -> ChatCompletionRequest {
        guard let cap = facts.spend?.upstreamOutputCap(on: deployment) else { return request }
        return request.cappingOutput(at: cap)
    }

    // MARK: The loop

    /// One attempt's value and, for streams, when its first chunk came.
    struct Attempted<Value: Sendable>: Sendable {
        var value: Value
        var timeToFirstToken: Duration?
    }

    /// The time an attempt may take.
    struct AttemptLimit: Sendable {
        /// The deployment's attempt timeout, cut to what is left of the request's total.
        var attempt: Duration
        /// What is left of the request's total.
        var remaining: Duration
    }

    /// Runs `attempt` through the group, retries and fallbacks until one succeeds.
    /// - Parameter finishOnSuccess: false for streams, whose caller reports the end.
    func execute<Value: Sendable>(
        group requested: ModelGroup, config: GatewayConfig, facts: RequestFacts, finishOnSuccess: Bool = true,
        attempt: @escaping @Sendable (Deployment, AttemptLimit) async throws(UpstreamFailure) -> Attempted<Value>
    ) async throws(ExecutionFailure) -> Served<Value> {
        let deadline = health.clock.now + (requested.deployments.first?.timeouts.total ?? .seconds(300))
        var log: [ExecutionFailure.Attempt] = []
        var visited: Set<String> = [requested.name]
        var group = requested
        var fallbacks = 0
        var sent = 0
        let maxFallbacks = min(facts.fallbacks?.count ?? .max, requested.fallbacks.maxFallbacks)
        // Time spent waiting for a deployment under its rpm/tpm limits, against the group's queue timeout.
        var queued: Duration = .zero
        while true {
            let outcome = await runGroup(
                group, facts: facts, deadline: deadline, log: &log, sent: &sent, finishOnSuccess: finishOnSuccess, attempt: attempt)
            // The next fallback group for a failure of `errorClass`, if one is left.
            func fallback(for errorClass: FallbackErrorClass) -> ModelGroup? {
                guard !facts.disableFallbacks, fallbacks < maxFallbacks, health.clock.now < deadline else { return nil }
                let candidates = facts.fallbacks ?? requested.fallbacks.groups(for: errorClass)
                return candidates.lazy.filter({ !visited.contains($0) })
                    .compactMap({ config.group(named: $0) }).first(where: { $0.kind == requested.kind })
            }
            func move(to next: ModelGroup, _ errorClass: FallbackErrorClass) {
                visited.insert(next.name)
                fallbacks += 1
                queued = .zero
                metrics.registry.increment(GatewayMetrics.fallbacks, .init(["from": group.name, "to": next.name, "error_class": errorClass.rawValue]))
                group = next
            }
            switch outcome {
            case let .served(value, deployment, elapsed):
                return Served(value: value, deployment: deployment, group: group, attempts: sent, fallbacks: fallbacks, upstreamTime: elapsed)
            case .stop:
                throw ExecutionFailure(group: requested.name, attempts: log, fallbacks: fallbacks)
            case let .denied(reservation):
                throw ExecutionFailure(group: requested.name, attempts: log, fallbacks: fallbacks, reservation: reservation)
            case let .atLimits(release):
                // Every deployment is at its own rate limit: the group's rate-limit fallback first,
                // else wait for one to free up within the queue timeout, else 429.
                if let next = fallback(for: .rateLimit) {
                    log.append(.init(deployment: group.name, failure: .rateLimited(retryAfter: release)))
                    move(to: next, .rateLimit)
                    continue
                }
                let now = health.clock.now
                let wait = min(release, group.queueTimeout - queued)
                guard wait > .zero, now + wait < deadline else {
                    log.append(.init(deployment: group.name, failure: .rateLimited(retryAfter: release)))
                    throw ExecutionFailure(group: requested.name, attempts: log, fallbacks: fallbacks)
                }
                metrics.registry.increment(GatewayMetrics.queued, .init(["model_group": group.name]))
                do { try await health.clock.sleep(for: wait) } catch { throw ExecutionFailure(group: requested.name, attempts: log, fallbacks: fallbacks) }
                queued += wait
            case let .exhausted(errorClass):
                guard let next = fallback(for: errorClass) else {
                    throw ExecutionFailure(group: requested.name, attempts: log, fallbacks: fallbacks)
                }
                move(to: next, errorClass)
            }
        }
    }

    enum GroupOutcome<Value: Sendable> {
        case served(Value, Deployment, Duration)
        /// Give up: the client's request is at fault.
        case stop
        /// The group could not answer; fall back by this class.
        case exhausted(FallbackErrorClass)
        /// Every deployment is held back by its own limits; the first frees up after this.
        case atLimits(Duration)
        /// The next attempt's worst case could not be reserved, so it was not sent.
        case denied(ReservationFailure)
    }

    private func runGroup<Value: Sendable>(
        _ group: ModelGroup, facts: RequestFacts, deadline: ContinuousClock.Instant, log: inout [ExecutionFailure.Attempt],
        sent: inout Int, finishOnSuccess: Bool, attempt: @escaping @Sendable (Deployment, AttemptLimit) async throws(UpstreamFailure) -> Attempted<Value>
    ) async -> GroupOutcome<Value> {
        // The window must hold the prompt and the completion the client asked room for.
        let needed = facts.promptTokens + (facts.requestedOutputTokens ?? 0)
        let fitting = group.deployments.filter { ($0.limits.maxContextTokens ?? .max) >= needed }
        guard !fitting.isEmpty else {
            // Known before any call: the prompt is longer than every window in this group.
            let window = group.deployments.compactMap(\.limits.maxContextTokens).max() ?? 0
            log.append(.init(deployment: group.name, failure: .contextWindowExceeded(
                "about \(facts.promptTokens) prompt tokens plus \(facts.requestedOutputTokens ?? 0) requested for the answer exceed the largest context window in '\(group.name)' (\(window))")))
            return .exhausted(.contextWindow)
        }
        let placement = facts.placement
        let tagged = placement.tagged(fitting, group: group)
        guard !tagged.isEmpty else {
            let tags = placement.tags.isEmpty ? "no tags" : "tags " + placement.tags.sorted().joined(separator: ", ")
            log.append(.init(deployment: group.name, failure: .unavailable("no deployment of '\(group.name)' serves a request with \(tags)")))
            return .exhausted(.generic)
        }
        let permitted = tagged.filter { placement.permits($0.region) }
        let outside = tagged.filter { !placement.permits($0.region) }
        var outcome = GroupOutcome<Value>.exhausted(.generic)
        if permitted.isEmpty {
            let regions = placement.permittedRegions.map { $0.sorted().joined(separator: ", ") } ?? ""
            log.append(.init(deployment: group.name, failure: .unavailable("no deployment of '\(group.name)' is in the permitted regions (\(regions))")))
        } else {
            outcome = await runDeployments(permitted, group: group, facts: facts, deadline: deadline, log: &log, sent: &sent,
                                           finishOnSuccess: finishOnSuccess, violating: false, onAttempt: { _ in }, attempt: attempt)
        }
        // The key's last resort: one hop outside its permitted regions, only once every
        // permitted deployment failed, each attempt audited and counted.
        guard case .exhausted = outcome, placement.allowsResidencyViolation, !outside.isEmpty else { return outcome }
        let from = log.last.flatMap { failed in permitted.first { $0.id == failed.deployment }?.region }
        let reason = log.last.map { "\($0.failure.errorClass): every permitted deployment failed" } ?? "no permitted deployment"
        let audit = facts.residencyAudit
        let metrics = self.metrics
        return await runDeployments(outside, group: group, facts: facts, deadline: deadline, log: &log, sent: &sent,
                                    finishOnSuccess: finishOnSuccess, violating: true, onAttempt: { deployment in
            metrics.registry.increment(GatewayMetrics.residencyViolations,
                                       .init(["model_group": group.name, "from_region": from ?? "none", "to_region": deployment.region ?? "none"]))
            audit?.log.record(ResidencyAuditLog.Entry(
                time: Date(), requestID: audit?.requestID ?? "", keyToken: audit?.keyToken, group: group.name, deployment: deployment.id,
                fromRegion: from, toRegion: deployment.region, reason: reason))
        }, attempt: attempt)
    }

    /// Tries `candidates` (already fit for the request) under the group's retry policy:
    /// preferred regions first, other permitted ones after a failure there or when the
    /// preferred ones are slower than the group's region latency budget.
    private func runDeployments<Value: Sendable>(
        _ fitting: [Deployment], group: ModelGroup, facts: RequestFacts, deadline: ContinuousClock.Instant, log: inout [ExecutionFailure.Attempt],
        sent: inout Int, finishOnSuccess: Bool, violating: Bool, onAttempt: @Sendable (Deployment) -> Void,
        attempt: @escaping @Sendable (Deployment, AttemptLimit) async throws(UpstreamFailure) -> Attempted<Value>
    ) async -> GroupOutcome<Value> {
        var failedHere: [String: Int] = [:]
        var excluded: Set<String> = []
        var lastFailure: UpstreamFailure?
        var attempts = 0
        let allowed = 1 + group.retry.maxRetries
        while attempts < allowed {
            let now = health.clock.now
            guard now < deadline else {
                log.append(.init(deployment: group.name, failure: .timeout("the request's total timeout passed")))
                return .exhausted(.generic)
            }
            let inRotation = fitting.filter { !excluded.contains($0.id) && health.admits($0, tokens: facts.promptTokens) }
            guard !inRotation.isEmpty else {
                guard let lastFailure else {
                    if let release = health.limitRelease(fitting.filter { !excluded.contains($0.id) }, tokens: facts.promptTokens) {
                        return .atLimits(release)
                    }
                    log.append(.init(deployment: group.name, failure: .unavailable(
                        "every deployment of '\(group.name)' is cooling down, forced down or at its limits")))
                    return .exhausted(.rateLimit)  // Data/CONFIG.md: "answered 429 or is cooling down"
                }
                return .exhausted(FailureDecision.fallbackClass(after: lastFailure))
            }
            let fresh = inRotation.filter { failedHere[$0.id] == nil }
            if attempts > 0, let lastFailure {
                metrics.registry.increment(GatewayMetrics.retries, .init(["model_group": group.name, "error_class": lastFailure.errorClass]))
                // Only a retry on a deployment that already failed waits; a healthy other one
                // takes it at once.
                if fresh.isEmpty {
                    guard let wait = backoff(retry: attempts, after: lastFailure, policy: group.retry),
                          now + wait < deadline else { return .exhausted(FailureDecision.fallbackClass(after: lastFailure)) }
                    do { try await health.clock.sleep(for: wait) } catch { return .stop }
                }
            }
            let pool = regionTier(fresh.isEmpty ? inRotation : fresh, group: group, placement: facts.placement)
            guard let deployment = choose(pool, group: group, facts: facts) else { continue }
            // What cannot be paid for is not sent: the attempt's worst case is reserved first.
            var reserved: Int?
            if let spend = facts.spend {
                switch await spend.reserve(on: deployment, group: group.name, maxWait: deadline - health.clock.now) {
                case .success(let sequence): reserved = sequence
                case .failure(let failure): return .denied(failure)
                }
            }
            guard health.begin(deployment, tokens: facts.promptTokens) else {
                if let reserved { facts.spend?.release(reserved) }
                continue  // taken by a concurrent request between the check and the reservation
            }
            attempts += 1
            onAttempt(deployment)
            let remaining = deadline - health.clock.now
            let limit = AttemptLimit(attempt: min(deployment.timeouts.attempt, remaining), remaining: remaining)
            let alternatives = pool.filter { $0.id != deployment.id }
            let result = await tracer.withAnySpan("triage.attempt", at: DefaultTracerClock.now, ofKind: .client) { span in
                span.attributes["triage.model_group"] = group.name
                span.attributes["triage.deployment"] = deployment.id
                span.attributes["triage.model"] = deployment.model
                span.attributes["triage.region"] = deployment.region ?? "unknown"
                span.attributes["triage.region.violation"] = violating
                let result = await hedged(deployment, alternatives: alternatives, group: group, facts: facts, limit: limit,
                                          finishOnSuccess: finishOnSuccess, log: &log, sent: &sent, attempt: attempt)
                switch result {
                case .success(_, let winner, _): span.attributes["triage.served_by"] = winner.id
                case .failure(let failure, _):
                    span.attributes["triage.error_class"] = failure.errorClass
                    span.setStatus(SpanStatus(code: .error, message: failure.errorClass))
                }
                return result
            }
            switch result {
            case let .success(value, winner, elapsed):
                if let key = facts.affinityKey, group.stickyAffinity { affinity.remember(winner.id, for: Self.affinityKey(key, group)) }
                return .served(value, winner, elapsed)
            case let .failure(failure, on):
                if Task.isCancelled { return .stop }  // the client left: nothing more to try for
                lastFailure = failure
                failedHere[on.id, default: 0] += 1
                switch FailureDecision(failure) {
                case .retry: break
                case .nextDeployment: excluded.insert(on.id)
                case .fallback(let errorClass): return .exhausted(errorClass)
                case .stop: return .stop
                }
            }
        }
        return .exhausted(lastFailure.map(FailureDecision.fallbackClass(after:)) ?? .generic)
    }

    /// The deployments of `pool` in the request's preferred regions, while one of them is within
    /// the group's region latency budget; else the whole pool (other permitted regions too).
    private func regionTier(_ pool: [Deployment], group: ModelGroup, placement: Placement) -> [Deployment] {
        guard !placement.preferredRegions.isEmpty else { return pool }
        let preferred = pool.filter { placement.prefers($0.region) }
        guard !preferred.isEmpty else { return pool }
        guard let budget = group.regionLatencyBudget else { return preferred }
        let limit = Double(budget.components.seconds) + Double(budget.components.attoseconds) / 1e18
        let fast = preferred.filter { (health.health(of: $0.id).timeToFirstToken ?? 0) <= limit }
        return fast.isEmpty ? pool : preferred
    }

    /// The wait before retry `n` on a deployment that already failed: exponential with jitter,
    /// at least the upstream's `Retry-After`; nil when that exceeds the cap (move on instead).
    func backoff(retry n: Int, after failure: UpstreamFailure, policy: RetryPolicy) -> Duration? {
        var wait = random.with { policy.backoff.delay(retry: n, using: &$0) }
        if case let .rateLimited(retryAfter?) = failure {
            guard retryAfter <= policy.retryAfterCap else { return nil }
            wait = max(wait, retryAfter)
        }
        return wait
    }

    /// The deployment for the next attempt: the user's sticky one while it is in the pool,
    /// else the strategy's pick.
    private func choose(_ pool: [Deployment], group: ModelGroup, facts: RequestFacts) -> Deployment? {
        if group.stickyAffinity, let key = facts.affinityKey, let id = affinity.deployment(for: Self.affinityKey(key, group)),
           let sticky = pool.first(where: { $0.id == id }) {
            return sticky
        }
        guard pool.count > 1 else { return pool.first }
        let health = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, self.health.health(of: $0.id)) })
        return random.with { g in
            DeploymentSelector.choose(pool, strategy: group.strategy, health: health, streaming: facts.streaming,
                                      tokens: (facts.promptTokens, facts.outputTokens), using: &g)
        }
    }

    /// A user's affinity is per group: one who alternates between two groups keeps a
    /// deployment in each.
    static func affinityKey(_ user: String, _ group: ModelGroup) -> String {
        group.name + "\u{0}" + user
    }

    static func missingProvider(_ deployment: Deployment) -> UpstreamFailure {
        .connection("provider '\(deployment.provider.kind)' is not available in this build")
    }

    /// Counts a circuit change in metrics.
    static func noteTransition(_ transition: HealthRegistry.Transition?, _ deployment: Deployment, _ metrics: GatewayMetrics) {
        switch transition {
        case .opened:
            metrics.registry.increment(GatewayMetrics.cooldowns, .init(["deployment": deployment.id]))
            metrics.registry.set(GatewayMetrics.cooling, .init(["deployment": deployment.id]), to: 1)
        case .closed:
            metrics.registry.increment(GatewayMetrics.recoveries, .init(["deployment": deployment.id]))
            metrics.registry.set(GatewayMetrics.cooling, .init(["deployment": deployment.id]), to: 0)
        case nil:
            break
        }
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
