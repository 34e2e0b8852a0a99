import HTTPTypes

/// The response headers that say what the gateway did with a request.
public enum TriageHeaders {
    public static let requestID = HTTPField.Name("x-triage-request-id")!
    public static let model = HTTPField.Name("x-triage-model")!
    public static let attempts = HTTPField.Name("x-triage-attempts")!
    public static let fallbacks = HTTPField.Name("x-triage-fallbacks")!
    public static let cost = HTTPField.Name("x-triage-cost-usd")!
    public static let overhead = HTTPField.Name("x-triage-overhead-ms")!
    /// Routed models: the candidate group chosen, its score and the threshold it met.
    public static let route = HTTPField.Name("x-triage-route")!
    /// Cascades: each tier tried, its verifier score and what became of its answer.
    public static let cascade = HTTPField.Name("x-triage-cascade")!
    /// Groups with a cache: `hit`, `miss`, `bypass` (the request said `no-cache`), or `stale`
    /// (an expired answer served by the last resort).
    public static let cache = HTTPField.Name("x-triage-cache")!
    /// A last resort answered because every deployment and fallback failed: `cache` or `static`.
    public static let degraded = HTTPField.Name("x-triage-degraded")!
    public static let retryAfter = HTTPField.Name("retry-after")!
    /// `false` tells the OpenAI SDKs not to retry (they retry every 429 otherwise).
    public static let shouldRetry = HTTPField.Name("x-should-retry")!
    /// The end user, for sticky affinity, when the body's `user` field is not used.
    public static let user = HTTPField.Name("x-triage-user")!
    /// Anthropic's SDKs send the key here rather than as a bearer token.
    public static let apiKey = HTTPField.Name("x-api-key")!

    /// `value` with exactly `places` decimals, as `%.Nf` prints it, without Foundation's
    /// formatter (a measurable share of a request's CPU when called on every response).
    static func decimal(_ value: Double, places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        guard value.isFinite, abs(value) < Double(Int64.max / scale) else { return String(value) }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        let digits = String(repeating: "0", count: places - fraction.count) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + String(scaled / scale) + (places > 0 ? "." + digits : "")
    }

    /// Milliseconds with microsecond precision, for `x-triage-overhead-ms`.
    static func milliseconds(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        return decimal(Double(seconds) * 1e3 + Double(attoseconds) / 1e15, places: 3)
    }
}
