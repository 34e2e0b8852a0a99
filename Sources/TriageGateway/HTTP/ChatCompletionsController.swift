import Foundation
import Hummingbird
import NIOCore
import TriageSchema

/// `POST /v1/chat/completions`: validate, resolve the model group, execute, answer (whole or as
/// server-sent events) with headers saying what happened.
struct ChatCompletionsController: Sendable {
    let state: GatewayState
    let executor: ChatExecutor
    let metrics: GatewayMetrics
    let watch: ClientWatch

    /// - Parameter channel: the client's connection, watched while a stream waits on its upstream.
    func handle(_ request: Request, channel: any Channel) async -> Response {
        let intake: RequestIntake<ChatCompletionRequest>
        switch await RequestIntake<ChatCompletionRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        let (chat, config, requestID, started) = (intake.body, intake.config, intake.requestID, intake.started)
        guard let group = config.group(named: chat.model), group.kind == .chat else {
            let known = config.modelGroups.filter { $0.kind == .chat }.map(\.name).joined(separator: ", ")
            return ErrorResponse.make(
                .modelNotFound, "The model '\(chat.model)' does not exist. Available models: \(known).", param: "model", requestID: requestID)
        }
        for name in chat.fallbacks ?? [] where config.group(named: name)?.kind != .chat {
            return ErrorResponse.make(.invalidRequest, "fallbacks: no chat model named '\(name)'.", param: "fallbacks", requestID: requestID)
        }
        let facts = RequestFacts(chat, affinityKey: request.headers[TriageHeaders.user])
        metrics.registry.increment(GatewayMetrics.inFlight)
        defer { metrics.registry.increment(GatewayMetrics.inFlight, by: -1) }
        if chat.stream {
            return await stream(chat, group: group, config: config, facts: facts, requestID: requestID, started: started, channel: channel)
        }
        return await watch.run(while: channel) { [self] in
            await complete(chat, group: group, config: config, facts: facts, requestID: requestID, started: started)
        }
    }

    private func complete(
        _ chat: ChatCompletionRequest, group: ModelGroup, config: GatewayConfig, facts: RequestFacts, requestID: String,
        started: ContinuousClock.Instant
    ) async -> Response {
        let outcome: ChatExecutor.Completion
        do {
            outcome = try await executor.complete(chat, group: group, config: config, facts: facts)
        } catch {
            return ErrorResponse.failed(error, group: group, requestID: requestID, metrics: metrics)
        }
        let cost = record(outcome.value.usage, group: outcome.group, deployment: outcome.deployment, status: 200, started: started)
        // Gateway time: everything but the answering attempt (failed attempts and backoff
        // waits of a retried request count as the gateway's).
        let overhead = (ContinuousClock.now - started) - outcome.upstreamTime
        let headers: HTTPFields = [
            .contentType: "application/json",
            TriageHeaders.requestID: requestID,
            TriageHeaders.model: outcome.deployment.id,
            TriageHeaders.attempts: String(outcome.attempts),
            TriageHeaders.fallbacks: String(outcome.fallbacks),
            TriageHeaders.cost: TriageHeaders.decimal(cost, places: 8),
            TriageHeaders.overhead: TriageHeaders.milliseconds(overhead),
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: outcome.value.body))
    }

    private func stream(
        _ chat: ChatCompletionRequest, group: ModelGroup, config: GatewayConfig, facts: RequestFacts, requestID: String,
        started: ContinuousClock.Instant, channel: any Channel
    ) async -> Response {
        let served: ChatExecutor.Served<ChatExecutor.OpenStream>
        // Until the first chunk, the client leaving cancels the attempts; after it, the relay does.
        let opened = await watch.run(while: channel) { [executor] () -> Result<ChatExecutor.Served<ChatExecutor.OpenStream>, ExecutionFailure> in
            do throws(ExecutionFailure) {
                return .success(try await executor.openStream(chat, group: group, config: config, facts: facts))
            } catch {
                return .failure(error)
            }
        }
        switch opened {
        case .success(let value): served = value
        case .failure(let error): return ErrorResponse.failed(error, group: group, requestID: requestID, metrics: metrics)
        }
        let open = served.value
        let headers: HTTPFields = [
            .contentType: "text/event-stream",
            .cacheControl: "no-cache",
            TriageHeaders.requestID: requestID,
            TriageHeaders.model: served.deployment.id,
            TriageHeaders.attempts: String(served.attempts),
            TriageHeaders.fallbacks: String(served.fallbacks),
        ]
        let includeUsage = chat.includeUsage
        // A connection that was never active is an in-process test channel: nothing to watch.
        let watched = channel.isActive
        let clientConnected: @Sendable () -> Bool = { !watched || channel.isActive }
        let rest = StreamRelay.relay(open.rest, watch: watch, channel: channel)
        let body = ResponseBody { [self] writer in
            var usage: Usage?
            var status = 200
            var upstreamFailure: UpstreamFailure?
            defer {
                _ = record(usage, group: served.group, deployment: served.deployment, status: status, started: started)
                switch status {
                case 200: open.finished(.success(latency: .zero, timeToFirstToken: nil))
                case 499: open.finished(.cancelled)
                default: open.finished(.failure(upstreamFailure ?? .connection("the stream broke")))
                }
            }
            // The usage chunk is always requested upstream, for the cost; clients see it only if they asked.
            func forward(_ chunk: ChatCompletionChunk) async throws {
                if chunk.choices.isEmpty, let u = chunk.usage {
                    usage = u
                    if !includeUsage { return }
                }
                try await writer.write(ByteBuffer(bytes: SSEWriter.data(chunk)))
            }
            do {
                try await forward(open.first)
                do {
                    // A failure after the first byte cannot be retried: the client gets an error event.
                    for try await chunk in rest { try await forward(chunk) }
                } catch let failure as UpstreamFailure {
                    status = 502
                    upstreamFailure = failure
                    let error = OpenAIErrorBody(kind: APIErrorKind(status: 502), message: "the upstream stream failed: \(failure.summary)")
                    try await writer.write(ByteBuffer(bytes: SSEWriter.data(error)))
                }
                if !clientConnected() {
                    status = 499  // the relay stopped because the client left (nginx's "client closed request")
                    return
                }
                try await writer.write(ByteBuffer(bytes: SSEWriter.done))
                try await writer.finish(nil)
            } catch {
                status = 499  // a write failed: the client is gone
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Records the request's metrics and returns its cost in USD.
    @discardableResult
    private func record(_ usage: Usage?, group: ModelGroup, deployment: Deployment, status: Int, started: ContinuousClock.Instant) -> Double {
        let r = metrics.registry
        let labels = MetricsRegistry.Labels(["model_group": group.name, "deployment": deployment.id])
        r.increment(GatewayMetrics.requests, .init(["model_group": group.name, "deployment": deployment.id, "status": String(status)]))
        let elapsed = ContinuousClock.now - started
        r.observe(GatewayMetrics.latency, .init(["model_group": group.name]), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        guard let usage else { return 0 }
        let cost = deployment.price.cost(inputTokens: usage.promptTokens, outputTokens: usage.completionTokens)
        r.increment(GatewayMetrics.tokens, .init(["model_group": group.name, "deployment": deployment.id, "direction": "prompt"]), by: Double(usage.promptTokens))
        r.increment(GatewayMetrics.tokens, .init(["model_group": group.name, "deployment": deployment.id, "direction": "completion"]), by: Double(usage.completionTokens))
        r.increment(GatewayMetrics.cost, labels, by: cost)
        return cost
    }
}
