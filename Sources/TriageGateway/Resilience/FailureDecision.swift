import TriageSchema

/// What to do after an attempt failed, by the failure's class.
enum FailureDecision: Equatable {
    /// Try again in the same group: another deployment if one is healthy, else the same one
    /// after a backoff (408, 409, 429, 5xx, timeouts, broken connections, malformed answers).
    case retry
    /// Not this deployment again, but another of the group may answer (a revoked or wrong
    /// upstream key: retrying the same one cannot help).
    case nextDeployment
    /// Leave the group for a fallback of this class (the prompt is too long for it, or it
    /// refused the content).
    case fallback(FallbackErrorClass)
    /// The client's own request is wrong; every deployment would say so. Answer at once.
    case stop

    init(_ failure: UpstreamFailure) {
        switch failure {
        case .rateLimited, .serverError, .timeout, .connection, .malformedResponse: self = .retry
        case .authentication: self = .nextDeployment
        case .contextWindowExceeded: self = .fallback(.contextWindow)
        case .contentPolicy: self = .fallback(.contentPolicy)
        case .unavailable: self = .fallback(.generic)
        case let .badRequest(status, _): self = status == 408 || status == 409 ? .retry : .stop
        }
    }

    /// The fallback list a group that ran out of attempts on `failure` turns to.
    static func fallbackClass(after failure: UpstreamFailure) -> FallbackErrorClass {
        switch failure {
        case .rateLimited: .rateLimit
        case .contextWindowExceeded: .contextWindow
        case .contentPolicy: .contentPolicy
        default: .generic
        }
    }
}
