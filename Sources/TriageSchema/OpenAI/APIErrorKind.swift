/// The classes of error the gateway reports, each with OpenAI's HTTP status, `type` and `code`.
///
/// Statuses follow what the official `openai` SDK raises on: 400 `BadRequestError`,
/// 401 `AuthenticationError`, 403 `PermissionDeniedError`, 404 `NotFoundError`,
/// 409 `ConflictError`, 422 `UnprocessableEntityError`, 429 `RateLimitError`, ≥ 500
/// `InternalServerError`.
public enum APIErrorKind: Sendable, Hashable, CaseIterable {
    case invalidRequest
    case authentication
    case permissionDenied
    case notFound
    /// An unknown model: 404 with type `invalid_request_error` and code `model_not_found`, as OpenAI sends it.
    case modelNotFound
    case conflict
    case requestTooLarge
    case unprocessable
    case rateLimited
    /// A spend budget cannot cover the request's worst case: 429 with type and code
    /// `budget_exceeded` (OpenAI's own quota error is `insufficient_quota`; a gateway budget is
    /// not the provider's quota, and clients should be able to tell them apart).
    case budgetExceeded
    case internalError
    /// An upstream provider failed or answered with something unusable.
    case badGateway
    /// Every deployment is overloaded or cooling down (Anthropic's 529 `overloaded_error` lands here).
    case serviceUnavailable
    case gatewayTimeout

    /// The HTTP status to answer with.
    public var status: Int {
        switch self {
        case .invalidRequest: 400
        case .authentication: 401
        case .permissionDenied: 403
        case .notFound, .modelNotFound: 404
        case .conflict: 409
        case .requestTooLarge: 413
        case .unprocessable: 422
        case .rateLimited, .budgetExceeded: 429
        case .internalError: 500
        case .badGateway: 502
        case .serviceUnavailable: 503
        case .gatewayTimeout: 504
        }
    }

    /// The `error.type` string.
    public var type: String {
        switch self {
        case .invalidRequest, .modelNotFound, .conflict, .requestTooLarge, .unprocessable: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permissionDenied: "permission_error"
        case .notFound: "not_found_error"
        case .rateLimited: "rate_limit_error"
        case .budgetExceeded: "budget_exceeded"
        case .internalError, .badGateway, .serviceUnavailable, .gatewayTimeout: "server_error"
        }
    }

    /// The default `error.code` string, or nil (sent as `null`).
    public var code: String? {
        switch self {
        case .invalidRequest, .notFound, .permissionDenied, .internalError: nil
        case .authentication: "invalid_api_key"
        case .modelNotFound: "model_not_found"
        case .conflict: "conflict"
        case .requestTooLarge: "request_too_large"
        case .unprocessable: "unprocessable_entity"
        case .rateLimited: "rate_limit_exceeded"
        case .budgetExceeded: "budget_exceeded"
        case .badGateway: "upstream_error"
        case .serviceUnavailable: "service_unavailable"
        case .gatewayTimeout: "timeout"
        }
    }

    /// Whether the same request may succeed if sent again later (the SDK's own retry rule:
    /// 408, 409, 429 and ≥ 500). A spent budget does not refill by retrying, so it is excluded.
    public var isRetryable: Bool {
        switch self {
        case .conflict, .rateLimited, .internalError, .badGateway, .serviceUnavailable, .gatewayTimeout: true
        case .invalidRequest, .authentication, .permissionDenied, .notFound, .modelNotFound,
            .requestTooLarge, .unprocessable, .budgetExceeded: false
        }
    }

    /// The kind an upstream HTTP error status stands for (529, Anthropic's overload, is 503).
    public init(status: Int) {
        switch status {
        case 401: self = .authentication
        case 403: self = .permissionDenied
        case 404: self = .notFound
        case 408, 504: self = .gatewayTimeout
        case 409: self = .conflict
        case 413: self = .requestTooLarge
        case 422: self = .unprocessable
        case 429: self = .rateLimited
        case 500: self = .internalError
        case 503, 529: self = .serviceUnavailable
        case 400..<500: self = .invalidRequest
        default: self = .badGateway
        }
    }
}
