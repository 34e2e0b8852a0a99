import HTTPTypes

/// The response headers that say what the gateway did with a request.
public enum TriageHeaders {
    public static let requestID = HTTPField.Name("x-triage-request-id")!
    public static let model = HTTPField.Name("x-triage-model")!
    public static let attempts = HTTPField.Name("x-triage-attempts")!
    public static let fallbacks = HTTPField.Name("x-triage-fallbacks")!
    public static let cost = HTTPField.Name("x-triage-cost-usd")!
    public static let overhead = HTTPField.Name("x-triage-overhead-ms")!
    public static let retryAfter = HTTPField.Name("retry-after")!
}
