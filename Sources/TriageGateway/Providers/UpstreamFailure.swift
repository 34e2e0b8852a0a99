import TriageSchema

/// Why one upstream attempt failed, classified so retries and fallbacks can act on the class
/// rather than on status codes scattered through the code.
public enum UpstreamFailure: Error, Sendable, Equatable {
    case rateLimited(retryAfter: Duration?)
    case serverError(status: Int, message: String)
    case timeout(String)
    case connection(String)
    case malformedResponse(String)
    case contextWindowExceeded(String)
    case contentPolicy(String)
    case authentication(status: Int, message: String)
    case badRequest(status: Int, message: String)
    /// No deployment could take the attempt: all cooling down, forced down, or at their limits.
    case unavailable(String)

    /// A line for logs and the client's error message.
    public var summary: String {
        switch self {
        case let .rateLimited(after): "rate limited" + (after.map { " (retry after \($0))" } ?? "")
        case let .serverError(status, message): "upstream \(status): \(message)"
        case let .timeout(what): "timed out: \(what)"
        case let .connection(what): "connection failed: \(what)"
        case let .malformedResponse(what): "malformed upstream response: \(what)"
        case let .contextWindowExceeded(what): "context window exceeded: \(what)"
        case let .contentPolicy(what): "content policy: \(what)"
        case let .authentication(status, message): "upstream rejected the credentials (\(status)): \(message)"
        case let .badRequest(status, message): "upstream refused the request (\(status)): \(message)"
        case let .unavailable(why): "no deployment available: \(why)"
        }
    }

    /// The metric label of the error class.
    public var errorClass: String {
        switch self {
        case .rateLimited: "rate_limit"
        case .serverError: "server_error"
        case .timeout: "timeout"
        case .connection: "connection"
        case .malformedResponse: "malformed"
        case .contextWindowExceeded: "context_window"
        case .contentPolicy: "content_policy"
        case .authentication: "authentication"
        case .badRequest: "bad_request"
        case .unavailable: "unavailable"
        }
    }
}
