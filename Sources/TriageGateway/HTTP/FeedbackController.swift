import Foundation
import Hummingbird
import TriageCore
import TriageSchema

/// `POST /v1/feedback`: an outcome a client reports about one of its requests, stored against
/// the request log for learning and evaluation.
struct FeedbackController: Sendable {
    let state: GatewayState
    let store: (any TelemetryStore)?
    let metrics: GatewayMetrics

    /// - Parameter principal: a virtual key may only report on requests it made.
    func handle(_ request: Request, principal: Principal = .anonymous) async -> Response {
        let intake: RequestIntake<FeedbackRequest>
        switch await RequestIntake<FeedbackRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        let (feedback, config, requestID) = (intake.body, intake.config, intake.requestID)
        guard let metric = config.feedbackMetrics.first(where: { $0.name == feedback.metric }) else {
            let declared = config.feedbackMetrics.map(\.name).joined(separator: ", ")
            return ErrorResponse.make(
                .invalidRequest, "'\(feedback.metric)' is not a declared feedback metric. Declared: \(declared.isEmpty ? "none" : declared).",
                param: "metric", code: "invalid_value", requestID: requestID)
        }
        let value: Double
        switch (metric.kind, feedback.value) {
        case (.boolean, .bool(let b)): value = b ? 1 : 0
        case (.float, .number(let x)) where x.isFinite: value = x
        case (.float, .integer(let i)): value = Double(i)
        default:
            let expected = metric.kind == .boolean ? "a boolean (true or false)" : "a finite number"
            return ErrorResponse.make(
                .invalidRequest, "Invalid type for 'value': the metric '\(metric.name)' takes \(expected), but got \(feedback.value.typeDescription) instead.",
                param: "value", code: "invalid_type", requestID: requestID)
        }
        guard let store else {
            return ErrorResponse.make(
                .serviceUnavailable, "Feedback needs the request log; name a store (store, or telemetry.path) in the gateway config.", requestID: requestID)
        }
        do throws(StoreError) {
            // Someone else's request is as unknown to a key as one that never was.
            if case .key(let key, _) = principal, try await Self.logged(feedback.requestID, in: store)?.apiKey != key.token {
                return ErrorResponse.make(
                    .notFound, "No request with id '\(feedback.requestID)' is in the request log.", param: "request_id", requestID: requestID)
            }
            guard let (id, previous) = try await store.recordFeedback(
                requestID: feedback.requestID, metric: metric.name, value: value, episodeID: feedback.episodeID, comment: feedback.comment)
            else {
                return ErrorResponse.make(
                    .notFound, "No request with id '\(feedback.requestID)' is in the request log.", param: "request_id", requestID: requestID)
            }
            // A repeat replaces the stored value but teaches the bandit nothing new.
            // Learning is best effort once the feedback is stored: its failure must not turn a
            // stored feedback into an error the client would retry (a retry is not new). A
            // revised value corrects what the arm learned; an identical repeat teaches nothing.
            if previous != value {
                try? await learn(from: feedback.requestID, metric: metric, value: value, previous: previous, store: store)
            }
            let body = JSONValue.object(JSONObject([("feedback_id", .string(id))])).serialized()
            return Response(status: .ok, headers: [.contentType: "application/json", TriageHeaders.requestID: requestID],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        } catch {
            return ErrorResponse.make(.internalError, "The feedback could not be stored: \(error.message).", requestID: requestID)
        }
    }

    /// The logged request, written first if it is still queued: feedback may follow its
    /// answer faster than the request log's writer.
    private static func logged(_ requestID: String, in store: any TelemetryStore) async throws(StoreError) -> RequestRecord? {
        if let record = try await store.request(id: requestID) { return record }
        await store.flushed()
        return try await store.request(id: requestID)
    }

    /// Updates the bandit of the routed model that served `requestID`, when it learns from
    /// this metric: reward = quality (the value, negated for a `minimize` metric) − λ · the
    /// request's cost, learned as the chosen arm's residual over its logged prior.
    private func learn(
        from requestID: String, metric: FeedbackMetric, value: Double, previous: Double?, store: any TelemetryStore
    ) async throws(StoreError) {
        guard let record = try await Self.logged(requestID, in: store), let runtime = state.snapshot.routing[record.model],
              let bandit = runtime.bandit, bandit.settings.metric == metric.name,
              let decision = record.decision.flatMap(LoggedRouting.init(json:)),
              let context = decision.context, let prior = decision.prior, prior.indices.contains(decision.arm),
              // The arms must be the ones the request was routed over (a reload may have changed them).
              decision.candidates == bandit.arms
        else { return }
        let arm = decision.arm
        let sign: Double = metric.goal == .maximize ? 1 : -1
        let learned: Bool
        if let previous {
            // Same request, same cost: only the quality term of the reward changed.
            learned = bandit.revise(arm: arm, context: context, rewardChange: sign * (value - previous))
        } else {
            // The λ the prior was priced with at decision time (absent under target_share: quality only).
            let lambda = decision.lambda ?? 0
            learned = bandit.learn(arm: arm, context: context, prior: prior[arm], reward: sign * value - lambda * (record.costUSD ?? 0))
        }
        guard learned else { return }
        // Merged at once: the store holds every observation when the feedback is acknowledged.
        try await bandit.merge(arm: arm, routedModel: record.model, into: store)
        metrics.registry.increment(GatewayMetrics.banditUpdates, .init(["routed_model": record.model, "model_group": bandit.arms[arm]]))
    }
}
