import Foundation
import Hummingbird
import Tracing
import NIOCore
import TriageSchema

/// `POST /v1/chat/completions`: validate, resolve the model (a group, or a routed model that
/// chooses groups), execute, answer (whole or as server-sent events) with headers saying what
/// happened.
struct ChatCompletionsController: Sendable {
    let state: GatewayState
    let executor: ChatExecutor
    let metrics: GatewayMetrics
    let watch: ClientWatch
    let logger: RequestLogger
    let cache: ResponseCache
    /// Guardrail chains built per config and key, so patterns compile once.
    let guardrailCache = GuardrailCache()

    /// Everything one request carries from intake to response.
    struct Call: Sendable {
        var chat: ChatCompletionRequest
        var config: GatewayConfig
        var facts: RequestFacts
        var requestID: String
        var started: ContinuousClock.Instant
        var channel: any Channel
        /// Wall-clock start, for the request log.
        var startedAt = Date()
        /// Headers the routing step adds to the response.
        var headers: HTTPFields = [:]
        /// A routed request's decision and candidate groups, and its cascade's tiers so far.
        var decision: RoutingDecision?
        var candidates: [String] = []
        var cascade: [CascadeStep] = []
        /// Who sent it: a group's cache keeps each key's answers apart.
        var principal: Principal = .anonymous
        /// The key's and its team's own guardrails, added to each answering group's.
        var principalGuardrails: [GuardrailChain.Source] = []
        /// The groups whose guardrails the request was checked against: the requested one, or
        /// every candidate of a routed model.
        var guardedGroups: [ModelGroup] = []
    }

    /// - Parameters:
    ///   - channel: the client's connection, watched while a stream waits on its upstream.
    ///   - principal: who sent it (its key's model list, limits and budgets apply).
    func handle(_ request: Request, channel: any Channel, principal: Principal = .anonymous) async -> Response {
        let intake: RequestIntake<ChatCompletionRequest>
        switch await RequestIntake<ChatCompletionRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        var chat = intake.body
        let (config, requestID) = (intake.config, intake.requestID)
        if let control = request.headers[.cacheControl] { chat.cache = chat.cache.adding(cacheControl: control) }
        var call = Call(chat: chat, config: config, facts: RequestFacts(chat, affinityKey: request.headers[TriageHeaders.user]),
                        requestID: requestID, started: intake.started, channel: channel, principal: principal)
        let runtime = intake.routing[chat.model]
        guard runtime != nil || config.group(named: chat.model)?.kind == .chat else {
            let known = (config.modelGroups.filter { $0.kind == .chat }.map(\.name) + config.routedModels.map(\.name)).joined(separator: ", ")
            return ErrorResponse.make(
                .modelNotFound, "The model '\(chat.model)' does not exist. Available models: \(known).", param: "model", requestID: requestID)
        }
        for name in chat.fallbacks ?? [] where config.group(named: name)?.kind != .chat {
            return ErrorResponse.make(.invalidRequest, "fallbacks: no chat model named '\(name)'.", param: "fallbacks", requestID: requestID)
        }
        if let runtime, let override = chat.routing, let problem = runtime.overrideProblem(override) {
            return ErrorResponse.make(.invalidRequest, problem.message, param: problem.param, code: "invalid_value", requestID: requestID)
        }
        let key: VirtualKey? = if case .key(let k, _) = principal { k } else { nil }
        do throws(RequestValidationError) {
            call.facts.placement = try Placement.of(headers: request.headers, body: chat.body, key: key)
        } catch {
            return ErrorResponse.make(.invalidRequest, error.message, param: error.param, code: error.code, requestID: requestID)
        }
        call.facts.residencyAudit = (state.residencyAudit, requestID, key?.token)
        if runtime == nil, chat.routing != nil {
            return ErrorResponse.make(
                .invalidRequest,
                "'triage' settings apply to routed models (\(config.routedModels.map(\.name).joined(separator: ", "))); '\(chat.model)' is a model group.",
                param: "triage", code: "unknown_parameter", requestID: requestID)
        }
        switch await GovernanceGate.admit(
            principal, model: chat.model, fallbacks: chat.fallbacks ?? [], requestID: requestID,
            promptTokenBound: chat.promptTokenBound(bodyBytes: intake.bodyBytes), estimatedTokens: call.facts.promptTokens + call.facts.outputTokens,
            requestedOutputTokens: chat.maxOutputTokens, choices: chat.n ?? 1, state: state, metrics: metrics)
        {
        case .admitted(let admitted):
            call.facts.spend = admitted.spend
            call.headers.append(contentsOf: admitted.headers)
        case .refused(let response):
            return response
        }
        metrics.registry.increment(GatewayMetrics.inFlight)
        defer { metrics.registry.increment(GatewayMetrics.inFlight, by: -1) }
        let admitted = call
        let response = await executor.tracer.withAnySpan("triage.request", at: DefaultTracerClock.now, ofKind: .server) { span in
            span.attributes["triage.request_id"] = requestID
            span.attributes["triage.model"] = chat.model
            var guarded = admitted
            let response: Response
            if let refusal = preflight(&guarded, principal: principal, runtime: runtime) {
                response = refusal
            } else if let runtime {
                response = await routed(guarded, runtime: runtime)
            } else if let group = config.group(named: chat.model) {
                response = await serve(guarded, group: group)
            } else {
                response = ErrorResponse.make(.internalError, "model '\(chat.model)' vanished", requestID: requestID)
            }
            span.attributes["http.response.status_code"] = Int(response.status.code)
            if let deployment = response.headers[TriageHeaders.model] { span.attributes["triage.deployment"] = deployment }
            if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            return response
        }
        // An error answered without a log entry (a request that failed before any call) settles
        // here; a stream's 200 settles at its end. A whole answer leaves once its spend is in
        // the store (a stream's, before its [DONE]).
        if response.status != .ok { call.facts.spend?.settle(status: Int(response.status.code)) }
        await call.facts.spend?.committed()
        return response
    }

    /// One group answers, whole or streamed: from its cache when it holds the answer, else
    /// from its deployments and fallbacks, else from its last resort.
    func serve(_ call: Call, group: ModelGroup) async -> Response {
        var call = call
        let entry = CacheEntryUse(call.chat, principal: call.principal, group: group)
        if let entry, let hit = answerFromCache(&call, entry, group: group) { return hit }
        if call.chat.stream {
            switch await openStream(call, group: group) {
            case .success(let served): return streamResponse(call, served, cacheEntry: entry)
            case .failure(let error): return lastResort(error, group: group, call: call, entry: entry) ?? failure(error, group: group, call: call)
            }
        }
        return await watch.run(while: call.channel) { [self, call] in
            do throws(ExecutionFailure) {
                let outcome = try await executor.complete(call.chat, group: group, config: call.config, facts: call.facts)
                let cost = executor.bill(outcome.value.usage, group: outcome.group, deployment: outcome.deployment, facts: call.facts)
                if let entry { store(outcome.value.body, deployment: outcome.deployment, in: entry) }
                return completionResponse(call, outcome, cost: cost, attempts: outcome.attempts, fallbacks: outcome.fallbacks, upstreamTime: outcome.upstreamTime)
            } catch {
                return lastResort(error, group: group, call: call, entry: entry) ?? failure(error, group: group, call: call)
            }
        }
    }

    /// A request no deployment could answer: counted under `group`, logged with each failed
    /// attempt, answered with the route and cascade headers so the client sees how far it got.
    func failure(_ error: ExecutionFailure, group: ModelGroup, call: Call) -> Response {
        var response = ErrorResponse.failed(error, group: group, requestID: call.requestID, metrics: metrics)
        response.headers.append(contentsOf: call.headers)
        log(call, RequestOutcome(status: error.kind.status, group: group, attempts: error.attempts.count, failures: error.attempts))
        return response
    }

    /// Settles the request's spend (synchronously, in the ledger) and queues its record for
    /// the request log.
    func log(_ call: Call, _ outcome: RequestOutcome) {
        call.facts.spend?.settle(status: outcome.status)
        logger.log(
            id: call.requestID, startedAt: call.startedAt, elapsed: ContinuousClock.now - call.started, chat: call.chat,
            settings: call.config.telemetry, decision: call.decision, routedCandidates: call.candidates, cascade: call.cascade,
            outcome: outcome, keyToken: call.facts.spend?.facts.keyToken)
    }

    /// A whole answer with the headers that say how it was reached.
    /// - Parameters: cost, attempts, fallbacks, upstreamTime: totals over every call made for
    ///   the request (a cascade's tiers included), not only the one that answered.
    func completionResponse(
        _ call: Call, _ answer: ChatExecutor.Completion, cost: Double, attempts: Int, fallbacks: Int, upstreamTime: Duration
    ) -> Response {
        if let rule = answerBreach(call, answer) { return refuseAnswer(call, answer, rule: rule, cost: cost, attempts: attempts) }
        recordRequest(group: answer.group, deployment: answer.deployment, status: 200, started: call.started)
        log(call, RequestOutcome(status: 200, group: answer.group, deployment: answer.deployment, usage: answer.value.usage, cost: cost, attempts: attempts))
        // Gateway time: everything but the upstream calls that answered (failed attempts and
        // backoff waits of a retried request count as the gateway's).
        let overhead = (ContinuousClock.now - call.started) - upstreamTime
        var headers: HTTPFields = [
            .contentType: "application/json",
            TriageHeaders.requestID: call.requestID,
            TriageHeaders.model: answer.deployment.id,
            TriageHeaders.attempts: String(attempts),
            TriageHeaders.fallbacks: String(fallbacks),
            TriageHeaders.cost: TriageHeaders.decimal(cost, places: 8),
            TriageHeaders.overhead: TriageHeaders.milliseconds(overhead),
        ]
        headers.append(contentsOf: call.headers)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: answer.value.body))
    }

    /// Opens a stream on `group`; until the first chunk, the client leaving cancels the attempts.
    func openStream(_ call: Call, group: ModelGroup) async -> Result<ChatExecutor.Served<ChatExecutor.OpenStream>, ExecutionFailure> {
        await watch.run(while: call.channel) { [executor] () -> Result<ChatExecutor.Served<ChatExecutor.OpenStream>, ExecutionFailure> in
            do throws(ExecutionFailure) {
                return .success(try await executor.openStream(call.chat, group: group, config: call.config, facts: call.facts))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Relays an open upstream stream to the client; after the first chunk the relay watches
    /// the client.
    /// - Parameter cacheEntry: where a stream that ends well is stored, put back together.
    func streamResponse(_ call: Call, _ served: ChatExecutor.Served<ChatExecutor.OpenStream>, cacheEntry: CacheEntryUse? = nil) -> Response {
        let open = served.value
        var headers = streamHeaders(call, deployment: served.deployment, attempts: served.attempts, fallbacks: served.fallbacks)
        headers.append(contentsOf: call.headers)
        let includeUsage = call.chat.includeUsage
        let channel = call.channel
        // A connection that was never active is an in-process test channel: nothing to watch.
        let watched = channel.isActive
        let clientConnected: @Sendable () -> Bool = { !watched || channel.isActive }
        let rest = StreamRelay.relay(open.rest, watch: watch, channel: channel)
        let chain = answerChain(call, group: served.group)
        let body = ResponseBody { [self] writer in
            var usage: Usage?
            var status = 200
            // The rule the answer broke: the deployment answered well, the client got a 400 event.
            var breach: GuardrailRule?
            var guarded = GuardedStream(chain)
            var upstreamFailure: UpstreamFailure?
            var finished = false
            var assembled = StreamedAnswer()
            // Bills, counts and logs the stream once: before [DONE] when it ends well, else on the way out.
            func finish() {
                guard !finished else { return }
                finished = true
                // A stream cut after its first chunk without usage still billed its tokens upstream.
                let cost = executor.bill(usage, group: served.group, deployment: served.deployment, facts: call.facts)
                let logged = breach == nil ? status : 400
                recordRequest(group: served.group, deployment: served.deployment, status: logged, started: call.started)
                log(call, RequestOutcome(status: logged, group: served.group, deployment: served.deployment, usage: usage,
                                         cost: cost, timeToFirstToken: served.upstreamTime, attempts: served.attempts))
            }
            defer {
                finish()
                switch status {
                case 200: open.finished(.success(latency: .zero, timeToFirstToken: nil))
                case 499: open.finished(.cancelled)
                default: open.finished(.failure(upstreamFailure ?? .connection("the stream broke")))
                }
            }
            // The usage chunk is always requested upstream, for the cost; clients see it only if they asked.
            func forward(_ chunk: ChatCompletionChunk) async throws {
                if cacheEntry != nil { assembled.add(chunk) }
                if chunk.choices.isEmpty, let u = chunk.usage {
                    usage = u
                    if !includeUsage { return }
                }
                for ready in try guarded.admit(chunk) { try await writer.write(ByteBuffer(bytes: SSEWriter.data(ready))) }
            }
            func drain() async throws {
                for ready in try guarded.drain() { try await writer.write(ByteBuffer(bytes: SSEWriter.data(ready))) }
            }
            do {
                do {
                    try await forward(open.first)
                    do {
                        // A failure after the first byte cannot be retried: the client gets an error event.
                        for try await chunk in rest { try await forward(chunk) }
                        try await drain()
                    } catch let failure as UpstreamFailure {
                        status = 502
                        upstreamFailure = failure
                        try await drain()
                        let error = OpenAIErrorBody(kind: APIErrorKind(status: 502), message: "the upstream stream failed: \(failure.summary)")
                        try await writer.write(ByteBuffer(bytes: SSEWriter.data(error)))
                    }
                } catch let stop as GuardrailBreach {
                    // Chunks checked before were sent already; the held ones and the rest are dropped.
                    breach = stop.rule
                    countGuardrail(stop.rule, action: "block")
                    try await writer.write(ByteBuffer(bytes: SSEWriter.data(Self.breachEvent(stop.rule))))
                }
                if !clientConnected() {
                    status = 499  // the relay stopped because the client left (nginx's "client closed request")
                    return
                }
                finish()
                if status == 200, let cacheEntry, let whole = assembled.completion {
                    store(ByteBuffer(bytes: whole.jsonBytes()), deployment: served.deployment, in: cacheEntry)
                }
                await call.facts.spend?.committed()
                try await writer.write(ByteBuffer(bytes: SSEWriter.done))
                try await writer.finish(nil)
            } catch {
                status = 499  // a write failed: the client is gone
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    func streamHeaders(_ call: Call, deployment: Deployment, attempts: Int, fallbacks: Int) -> HTTPFields {
        [
            .contentType: "text/event-stream",
            .cacheControl: "no-cache",
            TriageHeaders.requestID: call.requestID,
            TriageHeaders.model: deployment.id,
            TriageHeaders.attempts: String(attempts),
            TriageHeaders.fallbacks: String(fallbacks),
        ]
    }

    /// Counts the request under the group and deployment that answered it, with its latency.
    func recordRequest(group: ModelGroup, deployment: Deployment, status: Int, started: ContinuousClock.Instant) {
        let r = metrics.registry
        r.increment(GatewayMetrics.requests, .init(["model_group": group.name, "deployment": deployment.id, "status": String(status)]))
        let elapsed = ContinuousClock.now - started
        r.observe(GatewayMetrics.latency, .init(["model_group": group.name]), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
