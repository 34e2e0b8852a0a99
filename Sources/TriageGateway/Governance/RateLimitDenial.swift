/// Why a key's or team's rate limit refused a request, and when to try again.
public struct RateLimitDenial: Error, Sendable, Equatable {
    public enum Limit: String, Sendable {
        case requests = "requests per minute"
        case tokens = "tokens per minute"
        case parallel = "parallel requests"
    }

    public var scope: GovernanceScope
    public var limit: Limit
    public var cap: Int
    public var retryAfter: Duration

    public var message: String {
        switch limit {
        case .parallel:
            "Rate limit reached for \(scope): at most \(cap) parallel requests. Retry when one finishes."
        case .requests, .tokens:
            "Rate limit reached for \(scope): \(cap) \(limit.rawValue). Retry after \(RateLimitStatus.format(retryAfter))."
        }
    }
}
