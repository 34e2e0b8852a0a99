import Foundation
import TriageSchema

/// Turns a finished request into a `RequestRecord` and queues it on the store, off the
/// request path (the store's `record` only appends to its queue).
struct RequestLogger: Sendable {
    let store: (any RequestLog)?

    func log(
        id: String, startedAt: Date, elapsed: Duration, chat: ChatCompletionRequest, settings: TelemetrySettings,
        decision: RoutingDecision?, routedCandidates: [String], cascade: [CascadeStep], outcome: RequestOutcome, keyToken: String? = nil
    ) {
        guard let store else { return }
        let record = RequestRecord(
            id: id, time: startedAt, apiKey: keyToken, model: chat.model, servedGroup: outcome.group?.name, deployment: outcome.deployment?.id,
            status: outcome.status, latencyMs: Self.milliseconds(elapsed), ttftMs: outcome.timeToFirstToken.map(Self.milliseconds),
            promptTokens: outcome.usage?.promptTokens, completionTokens: outcome.usage?.completionTokens, costUSD: outcome.cost,
            features: settings.storeFeatures ? decision?.features?.compactBytes() : nil,
            prompt: settings.storePrompts && settings.storeFeatures ? chat.lastUserText : nil,
            decision: decision.map { Self.json(Self.decision($0, candidates: routedCandidates, keepContext: settings.storeFeatures)) },
            cascade: cascade.isEmpty ? nil : Self.json(.array(cascade.map(Self.step))),
            attempts: Self.json(Self.attempts(outcome)), episodeID: decision?.episode)
        store.record(record)
    }

    private static func decision(_ d: RoutingDecision, candidates: [String], keepContext: Bool) -> JSONValue {
        var o = JSONObject()
        o["policy"] = .string(d.policy)
        o["candidates"] = .array(candidates.map(JSONValue.string))
        o["chosen"] = .string(candidates.indices.contains(d.candidate) ? candidates[d.candidate] : "")
        o["probability"] = .number(d.probability)
        if !d.predicted.isEmpty { o["predicted"] = .array(d.predicted.map(JSONValue.number)) }
        if let score = d.score { o["score"] = .number(score) }
        if let strongWin = d.strongWin { o["strong_win"] = .number(strongWin) }
        if !d.heads.isEmpty { o["heads"] = .array(d.heads.map(JSONValue.string)) }
        if let threshold = d.threshold { o["threshold"] = .number(threshold) }
        if let lambda = d.lambda { o["lambda"] = .number(lambda) }
        if d.overridden { o["overridden"] = .bool(true) }
        o["arm"] = .integer(Int64(d.candidate))
        if keepContext, let context = d.context { o["context"] = .array(context.map(JSONValue.number)) }
        if let prior = d.prior { o["prior"] = .array(prior.map(JSONValue.number)) }
        return .object(o)
    }

    private static func step(_ s: CascadeStep) -> JSONValue {
        var o = JSONObject()
        o["group"] = .string(s.group)
        o["outcome"] = .string(s.outcome.rawValue)
        if let score = s.score { o["score"] = .number(score) }
        if let status = s.status { o["status"] = .integer(Int64(status)) }
        return .object(o)
    }

    private static func attempts(_ outcome: RequestOutcome) -> JSONValue {
        var o = JSONObject()
        o["count"] = .integer(Int64(max(outcome.attempts, outcome.failures.count)))
        o["failures"] = .array(outcome.failures.map { attempt in
            .object(JSONObject([("deployment", .string(attempt.deployment)), ("error", .string(attempt.failure.errorClass))]))
        })
        return .object(o)
    }

    private static func json(_ value: JSONValue) -> String {
        String(decoding: value.serialized(), as: UTF8.self)
    }

    private static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1_000 + Double(d.components.attoseconds) * 1e-15
    }
}
