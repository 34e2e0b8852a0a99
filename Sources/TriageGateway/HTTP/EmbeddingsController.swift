import Foundation
import Hummingbird
import TriageSchema

/// `POST /v1/embeddings`: validate, resolve the embedding group, execute, answer with the
/// same headers as chat completions.
struct EmbeddingsController: Sendable {
    let state: GatewayState
    let executor: ChatExecutor
    let metrics: GatewayMetrics

    func handle(_ request: Request, principal: Principal = .anonymous) async -> Response {
        let intake: RequestIntake<EmbeddingRequest>
        switch await RequestIntake<EmbeddingRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        let (embedding, config, requestID, started) = (intake.body, intake.config, intake.requestID, intake.started)
        let known = config.modelGroups.filter { $0.kind == .embedding }.map(\.name).joined(separator: ", ")
        guard let group = config.group(named: embedding.model) else {
            return ErrorResponse.make(
                .modelNotFound, "The model '\(embedding.model)' does not exist. Available embedding models: \(known).", param: "model", requestID: requestID)
        }
        guard group.kind == .embedding else {
            return ErrorResponse.make(
                .invalidRequest, "The model '\(embedding.model)' is a chat model and cannot embed. Available embedding models: \(known).",
                param: "model", code: "model_not_supported", requestID: requestID)
        }
        let admitted: GovernanceGate.Admitted
        let prompt = embedding.estimatedPromptTokens
        switch await GovernanceGate.admit(
            principal, model: embedding.model, requestID: requestID, promptTokenBound: intake.bodyBytes, estimatedTokens: prompt,
            requestedOutputTokens: 0, state: state, metrics: metrics)
        {
        case .admitted(let a): admitted = a
        case .refused(let response): return response
        }
        metrics.registry.increment(GatewayMetrics.inFlight)
        defer { metrics.registry.increment(GatewayMetrics.inFlight, by: -1) }

        let outcome: ChatExecutor.Embeddings
        do {
            outcome = try await executor.embed(embedding, group: group, config: config, spend: admitted.spend)
        } catch {
            admitted.spend.settle(status: error.kind.status)
            await admitted.spend.committed()
            return ErrorResponse.failed(error, group: group, requestID: requestID, metrics: metrics)
        }
        let cost = record(outcome, group: outcome.group, started: started)
        admitted.spend.charge(group: outcome.group.name, deployment: outcome.deployment,
                              usage: Usage(promptTokens: outcome.value.usage.promptTokens, completionTokens: 0))
        admitted.spend.settle(status: 200)
        await admitted.spend.committed()
        let overhead = (ContinuousClock.now - started) - outcome.upstreamTime
        var headers: HTTPFields = [
            .contentType: "application/json",
            TriageHeaders.requestID: requestID,
            TriageHeaders.model: outcome.deployment.id,
            TriageHeaders.attempts: String(outcome.attempts),
            TriageHeaders.fallbacks: String(outcome.fallbacks),
            TriageHeaders.cost: TriageHeaders.decimal(cost, places: 8),
            TriageHeaders.overhead: TriageHeaders.milliseconds(overhead),
        ]
        headers.append(contentsOf: admitted.headers)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: outcome.value.jsonBytes())))
    }

    /// Records the request's metrics and returns its cost in USD.
    private func record(_ outcome: ChatExecutor.Embeddings, group: ModelGroup, started: ContinuousClock.Instant) -> Double {
        let r = metrics.registry
        let deployment = outcome.deployment
        let labels = MetricsRegistry.Labels(["model_group": group.name, "deployment": deployment.id])
        r.increment(GatewayMetrics.requests, .init(["model_group": group.name, "deployment": deployment.id, "status": "200"]))
        let elapsed = ContinuousClock.now - started
        r.observe(GatewayMetrics.latency, .init(["model_group": group.name]), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        let prompt = outcome.value.usage.promptTokens
        let cost = deployment.price.cost(inputTokens: prompt, outputTokens: 0)
        r.increment(GatewayMetrics.tokens, .init(["model_group": group.name, "deployment": deployment.id, "direction": "prompt"]), by: Double(prompt))
        r.increment(GatewayMetrics.cost, labels, by: cost)
        return cost
    }
}
