import TriageSchema

/// A request no deployment could answer: each attempt and why, for the client's error.
public struct ExecutionFailure: Error, Sendable {
    public struct Attempt: Sendable {
        public var deployment: String
        public var failure: UpstreamFailure
    }

    /// The group the client asked for.
    public var group: String
    public var attempts: [Attempt]
    /// Fallback groups tried after it.
    public var fallbacks: Int = 0
    /// An attempt that was not sent because its worst case could not be reserved.
    public var reservation: ReservationFailure?

    /// One rule for every endpoint: the client's own mistakes come back as such (the last
    /// attempt was refused as a bad request, or the prompt is too long or refused everywhere
    /// it could go); 429 when only rate limits stood in the way, 503 when nothing was in
    /// rotation, 504 when every attempt timed out, else 502.
    public var kind: APIErrorKind {
        // What stopped the request was the budget (or the ledger), whatever failed before it.
        if let reservation {
            if case .budget = reservation { return .budgetExceeded }
            // The ledger's store could not record it (unreachable, budgets failing closed): try later.
            return .serviceUnavailable
        }
        guard let last = attempts.last?.failure else { return .badGateway }
        switch last {
        case let .badRequest(status, _) where status != 408 && status != 409: return status == 404 ? .invalidRequest : APIErrorKind(status: status)
        case .contextWindowExceeded, .contentPolicy: return .invalidRequest
        default: break
        }
        let failures = attempts.map(\.failure)
        if failures.allSatisfy({ if case .timeout = $0 { true } else { false } }) { return .gatewayTimeout }
        let limited = failures.contains { if case .rateLimited = $0 { true } else { false } }
        let onlyLimitsOrIdle = failures.allSatisfy {
            switch $0 {
            case .rateLimited, .unavailable: true
            default: false
            }
        }
        if onlyLimitsOrIdle { return limited ? .rateLimited : .serviceUnavailable }
        return .badGateway
    }

    /// OpenAI's `error.code` for the client-side classes.
    public var code: String? {
        if reservation != nil { return kind.code }
        switch attempts.last?.failure {
        case .contextWindowExceeded: return "context_length_exceeded"
        case .contentPolicy: return "content_policy_violation"
        default: return nil
        }
    }

    /// The shortest Retry-After any attempt was given.
    public var retryAfter: Duration? {
        attempts.compactMap { if case let .rateLimited(after) = $0.failure { after } else { nil } }.min()
    }

    public var message: String {
        if let reservation {
            guard !attempts.isEmpty else { return reservation.message }
            return failureMessage + "; no further attempt was sent: " + reservation.message
        }
        return failureMessage
    }

    private var failureMessage: String {
        let causes = attempts.map { "\($0.deployment): \($0.failure.summary)" }.joined(separator: "; ")
        let tried = fallbacks > 0 ? " and \(fallbacks) fallback group\(fallbacks == 1 ? "" : "s")" : ""
        return "'\(group)'\(tried) could not answer (\(attempts.count) attempt\(attempts.count == 1 ? "" : "s")): \(causes)"
    }
}
