import Hummingbird
import NIOCore
import TriageSchema

extension ChatCompletionsController {
    /// A routed model: the router picks the starting candidate, then either that group answers
    /// or, for a cascade, the verifier decides whether to climb to the next one.
    func routed(_ call: Call, runtime: RoutedModelRuntime) async -> Response {
        var call = call
        if let override = call.chat.routing, let problem = runtime.overrideProblem(override) {
            return ErrorResponse.make(.invalidRequest, problem, param: "triage", code: "invalid_value", requestID: call.requestID)
        }
        let candidates = runtime.model.candidates
        let decision = runtime.decide(call.chat, config: call.config)
        let chosen = candidates[decision.candidate].group
        record(decision, runtime: runtime)
        call.headers[TriageHeaders.route] = Self.routeHeader(chosen, decision)
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
                    var call = call
                    call.headers[TriageHeaders.cascade] = run.headerValue
                    return completionResponse(call, run.answer!, cost: run.cost, attempts: run.attempts, fallbacks: run.fallbacks, upstreamTime: run.upstreamTime)
                } catch {
                    return ErrorResponse.failed(error, group: group, requestID: call.requestID, metrics: metrics)
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
        let buffered = await watch.run(while: call.channel) { () -> Result<CascadeRunner.Run, ExecutionFailure> in
            do throws(ExecutionFailure) {
                return .success(try await runner.run(call.chat, runtime: runtime, start: start, config: call.config, facts: call.facts, streamLast: true))
            } catch {
                return .failure(error)
            }
        }
        var run: CascadeRunner.Run
        switch buffered {
        case .success(let value): run = value
        case .failure(let error): return ErrorResponse.failed(error, group: startGroup, requestID: call.requestID, metrics: metrics)
        }
        var call = call
        if let answer = run.answer {
            call.headers[TriageHeaders.cascade] = run.headerValue
            return bufferedStream(call, answer, attempts: run.attempts, fallbacks: run.fallbacks)
        }
        let lastGroupName = runtime.model.candidates[runtime.model.candidates.count - 1].group
        guard let lastGroup = call.config.group(named: lastGroupName) else {
            return ErrorResponse.make(.internalError, "routed model '\(runtime.model.name)' names no group '\(lastGroupName)'", requestID: call.requestID)
        }
        switch await openStream(call, group: lastGroup) {
        case .success(var served):
            run.steps.append(CascadeStep(group: lastGroup.name, outcome: .final))
            metrics.registry.increment(GatewayMetrics.cascadeTiers, .init(["routed_model": runtime.model.name, "model_group": lastGroup.name, "outcome": "final"]))
            call.headers[TriageHeaders.cascade] = run.headerValue
            served.attempts += run.attempts
            served.fallbacks += run.fallbacks
            return streamResponse(call, served)
        case .failure(let error):
            run.steps.append(CascadeStep(group: lastGroup.name, outcome: .failed, status: error.kind.status))
            metrics.registry.increment(GatewayMetrics.cascadeTiers, .init(["routed_model": runtime.model.name, "model_group": lastGroup.name, "outcome": "failed"]))
            guard runner.salvage(&run), let answer = run.answer else {
                return ErrorResponse.failed(error, group: lastGroup, requestID: call.requestID, metrics: metrics)
            }
            call.headers[TriageHeaders.cascade] = run.headerValue
            return bufferedStream(call, answer, attempts: run.attempts + error.attempts.count, fallbacks: run.fallbacks)
        }
    }

    /// A finished answer sent as server-sent events.
    private func bufferedStream(_ call: Call, _ answer: ChatExecutor.Completion, attempts: Int, fallbacks: Int) -> Response {
        var headers = streamHeaders(call, deployment: answer.deployment, attempts: attempts, fallbacks: fallbacks)
        headers.append(contentsOf: call.headers)
        recordRequest(group: answer.group, deployment: answer.deployment, status: 200, started: call.started)
        let chunks: [ChatCompletionChunk]
        do {
            chunks = try answer.value.completion().chunks(includeUsage: call.chat.includeUsage)
        } catch {
            return ErrorResponse.make(.badGateway, "the accepted answer could not be read: \(error.summary)", requestID: call.requestID)
        }
        var bytes = ByteBuffer()
        for chunk in chunks { bytes.writeBytes(SSEWriter.data(chunk)) }
        bytes.writeBytes(SSEWriter.done)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// `frontier; score=0.6213; threshold=0.5500` (the score and threshold when a router decided).
    static func routeHeader(_ group: String, _ decision: RoutingDecision) -> String {
        var parts = [group]
        if let score = decision.score { parts.append("score=" + TriageHeaders.decimal(score, places: 4)) }
        if let threshold = decision.threshold { parts.append("threshold=" + TriageHeaders.decimal(threshold, places: 4)) }
        return parts.joined(separator: "; ")
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
    }
}
