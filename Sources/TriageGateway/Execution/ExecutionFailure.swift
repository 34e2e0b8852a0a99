import TriageSchema

/// Every deployment of a group failed: each attempt and why, for the client's error.
public struct ExecutionFailure: Error, Sendable {
    public struct Attempt: Sendable {
        public var deployment: String
        public var failure: UpstreamFailure
    }

    public var group: String
    public var attempts: [Attempt]

    /// 429 when every attempt was rate limited, 504 when every one timed out, else 502.
    public var kind: APIErrorKind {
        if !attempts.isEmpty, attempts.allSatisfy({ if case .rateLimited = $0.failure { true } else { false } }) { return .rateLimited }
        if !attempts.isEmpty, attempts.allSatisfy({ if case .timeout = $0.failure { true } else { false } }) { return APIErrorKind(status: 504) }
        return APIErrorKind(status: 502)
    }

    /// The shortest Retry-After any attempt was given.
    public var retryAfter: Duration? {
        attempts.compactMap { if case let .rateLimited(after) = $0.failure { after } else { nil } }.min()
    }

    public var message: String {
        let causes = attempts.map { "\($0.deployment): \($0.failure.summary)" }.joined(separator: "; ")
        return "every deployment of '\(group)' failed (\(attempts.count) attempt\(attempts.count == 1 ? "" : "s")): \(causes)"
    }
}
