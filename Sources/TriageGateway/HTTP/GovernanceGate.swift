import HTTPTypes
import Hummingbird
import TriageSchema

/// The governance step of every model request, between validation and execution: the key's
/// model list, its and its team's rate limits, and the opening of the request's spend.
enum GovernanceGate {
    struct Admitted {
        var spend: RequestSpend
        /// `x-ratelimit-*` for the response, when the key or team has limits.
        var headers: HTTPFields
    }

    enum Outcome {
        case admitted(Admitted)
        case refused(Response)
    }

    static func admit(
        _ principal: Principal, model: String, fallbacks: [String] = [], requestID: String, promptTokenBound: Int, estimatedTokens: Int,
        requestedOutputTokens: Int?, choices: Int = 1, state: GatewayState, metrics: GatewayMetrics
    ) async -> Outcome {
        let verdict = await state.governance.admit(
            principal, model: model, fallbacks: fallbacks, requestID: requestID, promptTokenBound: promptTokenBound,
            estimatedTokens: estimatedTokens, requestedOutputTokens: requestedOutputTokens, choices: choices)
        switch verdict {
        case .success(let (spend, status)):
            return .admitted(Admitted(spend: spend, headers: fields(status.headers)))
        case .failure(.modelNotAllowed(let message)):
            metrics.registry.increment(GatewayMetrics.denials, .init(["reason": "model"]))
            return .refused(ErrorResponse.make(.permissionDenied, message, param: "model", code: "model_not_allowed", requestID: requestID))
        case .failure(.rateLimited(let denial)):
            let reason = switch denial.limit {
            case .requests: "rpm"
            case .tokens: "tpm"
            case .parallel: "parallel"
            }
            metrics.registry.increment(GatewayMetrics.denials, .init(["reason": reason]))
            var response = ErrorResponse.make(.rateLimited, denial.message, code: "rate_limit_exceeded", requestID: requestID, retryAfter: denial.retryAfter)
            var status = RateLimitStatus()
            switch denial.limit {
            case .requests: (status.requestLimit, status.requestsRemaining, status.requestsReset) = (denial.cap, 0, denial.retryAfter)
            case .tokens: (status.tokenLimit, status.tokensRemaining, status.tokensReset) = (denial.cap, 0, denial.retryAfter)
            case .parallel: break
            }
            response.headers.append(contentsOf: fields(status.headers))
            return .refused(response)
        case .failure(.storeUnavailable(let reason)):
            metrics.registry.increment(GatewayMetrics.denials, .init(["reason": "store"]))
            return .refused(ErrorResponse.make(
                .serviceUnavailable, "Rate limits are checked in the shared store, which cannot be reached (\(reason)); the request was not sent.",
                code: "store_unavailable", requestID: requestID, retryAfter: .seconds(1)))
        }
    }

    /// The `x-ratelimit-*` names, parsed once.
    private static let names: [String: HTTPField.Name] = Dictionary(uniqueKeysWithValues: [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ].compactMap { text in HTTPField.Name(text).map { (text, $0) } })

    private static func fields(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (text, value) in pairs {
            if let name = names[text] ?? HTTPField.Name(text) { fields.append(HTTPField(name: name, value: value)) }
        }
        return fields
    }
}
