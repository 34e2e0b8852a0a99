import Hummingbird
import NIOCore
import Tracing
import TriageSchema

extension ChatCompletionsController {
    /// A routed model: the router picks the starting candidate, then either that group answers
    /// or, for a cascade, the verifier decides whether to climb to the next one.
    func routed(_ call: Call, runtime: RoutedModelRuntime) async -> Response {
        var call = call
        let candidates = runtime.model.candidates
        let decision = executor.tracer.withAnySpan("triage.route") { span in
            let decision = runtime.decide(call.chat, config: call.config, random: executor.random)
            span.attributes["triage.routed_model"] = runtime.model.name
            span.attributes["triage.route.candidate"] = candidates[decision.candidate].group
            span.attributes["triage.route.policy"] = decision.policy
            return decision
        }
        let chosen = candidates[decision.candidate].group
        record(decision, runtime: runtime)
        call.headers[TriageHeaders.route] = Self.routeHeader(chosen, decision)
        call.decision = decision
        call.candidates = candidates.map(\.group)
        guard let group = call.config.group(named: chosen) else {
            return ErrorResponse.make(.internalError, "routed model '\(runtime.model.name)' names no group '\(chosen)'", requestID: call.requestID)
        }
        let last = candidates.count - 1
        guard runtime.model.cascade != nil, decision.candidate < last else {
            return await serve(call, group: group)
        }
        let runner = CascadeRunner(executor: executor, metrics: metrics)
        if !call.chat.stream {
            return await watch.run(while: call.channel) { [self, call] in
                do throws(ExecutionFailure) {
                    let run = try await runner.run(call.chat, runtime: runtime, start: decision.candidate, config: call.config, facts: call.facts, streamLast: false)
                    guard let answer = run.answer else {
                        return ErrorResponse.make(.internalError, "the cascade ended without an answer", requestID: call.requestID)
                    }
                    var call = call
                    call.headers[TriageHeaders.cascade] = run.headerValue
                    call.cascade = run.steps
                    return completionResponse(call, answer, cost: run.cost, attempts: run.attempts, fallbacks: run.fallbacks, upstreamTime: run.upstreamTime)
                } catch {
                    return failure(error, group: group, call: call)
                }
            }
        }
        return await streamCascade(call, runtime: runtime, runner: runner, start: decision.candidate, startGroup: group)
    }

    /// A streamed cascade: tiers before the last are buffered and verified; an accepted answer
    /// is sent as one burst of chunks, otherwise the last tier streams as usual. The client's
    /// time to first token is therefore the buffered tiers' whole latency plus the answering
    /// tier's (its whole latency too when it is buffered).
    private func streamCascade(
        _ call: Call, runtime: RoutedModelRuntime, runner: CascadeRunner, start: Int, startGroup: ModelGroup
    ) async -> Response {
        var call = call
        let watched = call.channel.isActive
        let buffered = await watch.run(while: call.channel) { [call] () -> Result<CascadeRunner.Run, ExecutionFailure> in
            do throws(ExecutionFailure) {
                return .success(try await runner.run(call.chat, runtime: runtime, start: start, config: call.config, facts: call.facts, streamLast: true))
            } catch {
                return .failure(error)
            }
        }
        var run: CascadeRunner.Run
        switch buffered {
        case .success(let value): run = value
        case .failure(let error): return failure(error, group: startGroup, call: call)
        }
        call.cascade = run.steps
        if let answer = run.answer {
            call.headers[TriageHeaders.cascade] = run.headerValue
            return bufferedStream(call, answer, run: run)
        }
        let lastName = runtime.model.candidates[runtime.model.candidates.count - 1].group
        guard let configured = call.config.group(named: lastName) else {
            return ErrorResponse.make(.internalError, "routed model '\(runtime.model.name)' names no group '\(lastName)'", requestID: call.requestID)
        }
        if watched, !call.channel.isActive {
            // The client left while the buffered tiers ran: the last tier is not worth calling.
            recordRequest(group: configured, deployment: configured.deployments[0], status: 499, started: call.started)
            return ErrorResponse.make(.invalidRequest, "the client closed the connection", requestID: call.requestID)
        }
        let (lastGroup, lastFacts) = CascadeRunner.tierCall(configured, facts: call.facts, runtime: runtime, streaming: true)
        var lastCall = call
        lastCall.facts = lastFacts
        switch await openStream(lastCall, group: lastGroup) {
        case .success(var served):
            run.steps.append(CascadeStep(group: lastGroup.name, outcome: .final))
            runner.count(runtime, lastGroup.name, .final)
            call.headers[TriageHeaders.cascade] = run.headerValue
            call.cascade = run.steps
            served.attempts += run.attempts
            served.fallbacks += run.fallbacks
            return streamResponse(call, served)
        case .failure(let error):
            run.steps.append(CascadeStep(group: lastGroup.name, outcome: .failed, status: error.kind.status))
            runner.count(runtime, lastGroup.name, .failed)
            run.attempts += error.attempts.count
            call.headers[TriageHeaders.cascade] = run.headerValue
            call.cascade = run.steps
            guard runner.salvage(&run, runtime: runtime), let answer = run.answer else {
                return failure(error, group: configured, call: call)
            }
            call.headers[TriageHeaders.cascade] = run.headerValue
            call.cascade = run.steps
            return bufferedStream(call, answer, run: run)
        }
    }

    /// A finished answer sent as server-sent events, with the cost of every tier called.
    private func bufferedStream(_ call: Call, _ answer: ChatExecutor.Completion, run: CascadeRunner.Run) -> Response {
        let chunks: [ChatCompletionChunk]
        do {
            chunks = try answer.value.completion().chunks(includeUsage: call.chat.includeUsage)
        } catch {
            recordRequest(group: answer.group, deployment: answer.deployment, status: 502, started: call.started)
            return ErrorResponse.make(.badGateway, "the accepted answer could not be read: \(error.summary)", requestID: call.requestID)
        }
        if let rule = answerBreach(call, answer) { return refuseAnswer(call, answer, rule: rule, cost: run.cost, attempts: run.attempts) }
        recordRequest(group: answer.group, deployment: answer.deployment, status: 200, started: call.started)
        log(call, RequestOutcome(status: 200, group: answer.group, deployment: answer.deployment, usage: answer.value.usage,
                                 cost: run.cost, attempts: run.attempts))
        var headers = streamHeaders(call, deployment: answer.deployment, attempts: run.attempts, fallbacks: run.fallbacks)
        headers[TriageHeaders.cost] = TriageHeaders.decimal(run.cost, places: 8)
        headers.append(contentsOf: call.headers)
        var bytes = ByteBuffer()
        for chunk in chunks { bytes.writeBytes(SSEWriter.data(chunk)) }
        bytes.writeBytes(SSEWriter.done)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// `frontier;score=0.6213;threshold=0.5500` (the score and threshold when a router decided).
    static func routeHeader(_ group: String, _ decision: RoutingDecision) -> String {
        var parts = [group]
        if let score = decision.score { parts.append("score=" + TriageHeaders.decimal(score, places: 4)) }
        if let threshold = decision.threshold { parts.append("threshold=" + TriageHeaders.decimal(threshold, places: 4)) }
        return parts.joined(separator: ";")
    }

    private func record(_ decision: RoutingDecision, runtime: RoutedModelRuntime) {
        let r = metrics.registry
        let name = runtime.model.name
        r.increment(GatewayMetrics.routeDecisions, .init(["routed_model": name, "model_group": runtime.model.candidates[decision.candidate].group]))
        if let control = runtime.shareControl {
            let (threshold, share) = control.state
            r.set(GatewayMetrics.routeThreshold, .init(["routed_model": name]), to: threshold)
            if let share { r.set(GatewayMetrics.routeStrongShare, .init(["routed_model": name]), to: share) }
        } else if case .threshold(let t) = runtime.model.policy {
            r.set(GatewayMetrics.routeThreshold, .init(["routed_model": name]), to: t)
        }
        if let bandit = runtime.bandit {
            let spent = bandit.exploration
            r.set(GatewayMetrics.explorationShare, .init(["routed_model": name]), to: spent.share)
            r.set(GatewayMetrics.explorationSpend, .init(["routed_model": name, "period": "today"]), to: spent.spentToday)
            r.set(GatewayMetrics.explorationSpend, .init(["routed_model": name, "period": "total"]), to: spent.spentTotal)
        }
    }
}
