import TriageSchema

/// What the hedging race hears: an attempt ended, or the hedge delay passed.
enum HedgeEvent<Value: Sendable>: Sendable {
    case finished(Int, Result<ChatExecutor.Attempted<Value>, UpstreamFailure>, Duration)
    case hedgeDue
}

extension ChatExecutor {
    enum AttemptResult<Value: Sendable> {
        case success(Value, Deployment, Duration)
        case failure(UpstreamFailure, Deployment)
    }

    /// One attempt on `primary` (already reserved), and, when the group hedges and the attempt
    /// has produced nothing after the hedge delay, duplicates on other deployments: the first
    /// success wins and the others are cancelled. Every attempt's outcome reaches the health
    /// registry and the metrics here (a winning stream's is left to its caller).
    func hedged<Value: Sendable>(
        _ primary: Deployment, alternatives: [Deployment], group: ModelGroup, facts: RequestFacts, limit: AttemptLimit,
        finishOnSuccess: Bool, log: inout [ExecutionFailure.Attempt], sent: inout Int,
        attempt: @escaping @Sendable (Deployment, AttemptLimit) async throws(UpstreamFailure) -> Attempted<Value>
    ) async -> AttemptResult<Value> {
        let delay = hedgeDelay(group.hedging, primary)
        guard let delay, group.hedging.maxHedges > 0, !alternatives.isEmpty else {
            sent += 1
            let started = health.clock.now
            do throws(UpstreamFailure) {
                let done = try await attempt(primary, limit)
                let elapsed = health.clock.now - started
                record(primary, group: group, .success(latency: elapsed, timeToFirstToken: done.timeToFirstToken), finish: finishOnSuccess)
                return .success(done.value, primary, done.timeToFirstToken ?? elapsed)
            } catch {
                // Cancelled because the client left: no verdict on the deployment.
                record(primary, group: group, Task.isCancelled ? .cancelled : .failure(error), finish: true)
                if !Task.isCancelled { facts.spend?.attemptFailed(on: primary, group: group.name, error) }
                log.append(.init(deployment: primary.id, failure: error))
                return .failure(error, primary)
            }
        }

        typealias Event = HedgeEvent<Value>
        let clock = health.clock
        return await withTaskGroup(of: Event.self) { tasks in
            var running: [Deployment] = [primary]
            var open = 1
            var hedges = 0
            var lastFailure: (UpstreamFailure, Deployment)?
            func launch(_ index: Int, _ deployment: Deployment) {
                sent += 1
                tasks.addTask {
                    let begun = clock.now
                    do throws(UpstreamFailure) {
                        let done = try await attempt(deployment, limit)
                        return .finished(index, .success(done), clock.now - begun)
                    } catch {
                        return .finished(index, .failure(error), clock.now - begun)
                    }
                }
            }
            launch(0, primary)
            tasks.addTask {
                try? await clock.sleep(for: delay)
                return .hedgeDue
            }
            while let event = await tasks.next() {
                switch event {
                case .hedgeDue:
                    guard open > 0, hedges < group.hedging.maxHedges else { continue }
                    guard let extra = alternatives.first(where: { d in !running.contains { $0.id == d.id } && health.admits(d, tokens: facts.promptTokens) }) else { continue }
                    // A hedge is another billed call: it goes out only if its worst case fits now.
                    var reserved: Int?
                    if let spend = facts.spend {
                        guard case .success(let sequence) = await spend.reserve(on: extra, group: group.name, maxWait: .zero) else { continue }
                        reserved = sequence
                    }
                    guard health.begin(extra, tokens: facts.promptTokens) else {
                        if let reserved { facts.spend?.release(reserved) }
                        continue
                    }
                    hedges += 1
                    open += 1
                    running.append(extra)
                    metrics.registry.increment(GatewayMetrics.hedges, .init(["model_group": group.name, "outcome": "sent"]))
                    launch(running.count - 1, extra)
                    if hedges < group.hedging.maxHedges {
                        tasks.addTask {
                            try? await clock.sleep(for: delay)
                            return .hedgeDue
                        }
                    }
                case let .finished(index, .success(done), elapsed):
                    let winner = running[index]
                    record(winner, group: group, .success(latency: elapsed, timeToFirstToken: done.timeToFirstToken), finish: finishOnSuccess)
                    if index > 0 { metrics.registry.increment(GatewayMetrics.hedges, .init(["model_group": group.name, "outcome": "won"])) }
                    tasks.cancelAll()
                    // The losers: cancelled, which says nothing about their deployments.
                    while let rest = await tasks.next() {
                        if case let .finished(other, _, _) = rest { record(running[other], group: group, .cancelled, finish: true) }
                    }
                    return .success(done.value, winner, done.timeToFirstToken ?? elapsed)
                case let .finished(index, .failure(error), _):
                    let loser = running[index]
                    record(loser, group: group, Task.isCancelled ? .cancelled : .failure(error), finish: true)
                    if !Task.isCancelled { facts.spend?.attemptFailed(on: loser, group: group.name, error) }
                    log.append(.init(deployment: loser.id, failure: error))
                    lastFailure = (error, loser)
                    open -= 1
                    if open == 0 {
                        tasks.cancelAll()
                        while await tasks.next() != nil {}
                        return .failure(error, loser)
                    }
                }
            }
            let (error, on) = lastFailure ?? (.connection("no attempt finished"), primary)
            return .failure(error, on)
        }
    }

    /// How long an attempt may stay silent before a hedge goes out; nil when the group does
    /// not hedge or the deployment has too few samples for its percentile yet.
    func hedgeDelay(_ policy: HedgingPolicy, _ deployment: Deployment) -> Duration? {
        switch policy {
        case .off: return nil
        case let .afterDelay(delay, _): return delay
        case let .afterPercentile(p, _):
            guard let seconds = health.health(of: deployment.id).timeToFirstTokenPercentile(p) else { return nil }
            return .milliseconds(seconds * 1000)
        }
    }

    /// Reports an attempt's outcome to the metrics and, unless a stream's caller will, to
    /// the health registry.
    func record(_ deployment: Deployment, group: ModelGroup, _ outcome: HealthRegistry.Outcome, finish: Bool) {
        metrics.registry.increment(GatewayMetrics.attempts, .init(["model_group": group.name, "deployment": deployment.id]))
        if case let .failure(failure) = outcome {
            metrics.registry.increment(GatewayMetrics.failures, .init(["deployment": deployment.id, "error_class": failure.errorClass]))
        }
        guard finish else { return }
        Self.noteTransition(health.finish(deployment, outcome, policy: group.cooldown, soleDeployment: group.deployments.count == 1), deployment, metrics)
    }
}
