/// An error from the Anthropic Messages API, `{"type": "error", "error": {"type", "message"}}`,
/// with the OpenAI error class the gateway reports it as.
public struct AnthropicError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Anthropic's `error.type`, e.g. `overloaded_error`.
    public var type: String
    /// Anthropic's message, passed on to the client.
    public var message: String
    /// How the gateway reports it; `overloaded_error` (HTTP 529) is a retryable 503.
    public var kind: APIErrorKind

    /// An error of Anthropic type `type`; `status` decides the kind when the type is unknown.
    public init(type: String, message: String, status: Int? = nil) {
        self.type = type
        self.message = message
        self.kind = Self.kinds[type] ?? status.map(APIErrorKind.init(status:)) ?? .badGateway
    }

    /// The error carried by a JSON error body or stream `error` event; nil for other JSON.
    public init?(json: JSONValue, status: Int? = nil) {
        guard json["type"]?.stringValue == "error", let e = json["error"] else { return nil }
        self.init(
            type: e["type"]?.stringValue ?? "api_error",
            message: e["message"]?.stringValue ?? "Anthropic returned an error without a message",
            status: status)
    }

    /// The error of a failed HTTP response; a body that is not Anthropic's error shape is
    /// described by its status and a prefix of its text.
    public init(status: Int, body: some Collection<UInt8>) {
        if let json = try? JSONValue(parsing: body), let e = AnthropicError(json: json, status: status) {
            self = e
            return
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        self.init(type: "http_\(status)", message: "Anthropic returned HTTP \(status): \(text)", status: status)
    }

    /// An error the gateway raises itself when Anthropic's answer cannot be read.
    static func malformed(_ what: String) -> Self {
        Self(type: "api_error", message: "Anthropic sent \(what)", status: 502)
    }

    /// Whether retrying (or another deployment) may succeed.
    public var isRetryable: Bool { kind.isRetryable }

    /// The HTTP status to answer with.
    public var status: Int { kind.status }

    /// The OpenAI error body to send.
    public var errorBody: OpenAIErrorBody { OpenAIErrorBody(kind: kind, message: message) }

    public var description: String { "\(type): \(message)" }

    private static let kinds: [String: APIErrorKind] = [
        "invalid_request_error": .invalidRequest,
        "authentication_error": .authentication,
        "permission_error": .permissionDenied,
        "billing_error": .permissionDenied,
        "not_found_error": .notFound,
        "request_too_large": .requestTooLarge,
        "rate_limit_error": .rateLimited,
        // Anthropic's own 500: from the client's side an upstream failed, so 502.
        "api_error": .badGateway,
        "overloaded_error": .serviceUnavailable,
        "timeout_error": .gatewayTimeout,
    ]
}
