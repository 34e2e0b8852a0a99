/// What the `x-ratelimit-*` headers report: the tightest of a request's key and team limits.
public struct RateLimitStatus: Sendable, Equatable {
    public var requestLimit: Int?
    public var requestsRemaining: Int?
    public var requestsReset: Duration?
    public var tokenLimit: Int?
    public var tokensRemaining: Int?
    public var tokensReset: Duration?

    public init() {}

    /// OpenAI's spelling of a wait: `20ms`, `1s`, `6m0s`.
    public static func format(_ d: Duration) -> String {
        let ms = Int((d.seconds * 1000).rounded(.up))
        if ms < 1000 { return "\(ms)ms" }
        let s = (ms + 999) / 1000
        return s < 60 ? "\(s)s" : "\(s / 60)m\(s % 60)s"
    }

    var headers: [(String, String)] {
        var out: [(String, String)] = []
        if let requestLimit, let requestsRemaining {
            out.append(("x-ratelimit-limit-requests", String(requestLimit)))
            out.append(("x-ratelimit-remaining-requests", String(max(0, requestsRemaining))))
            out.append(("x-ratelimit-reset-requests", Self.format(requestsReset ?? .zero)))
        }
        if let tokenLimit, let tokensRemaining {
            out.append(("x-ratelimit-limit-tokens", String(tokenLimit)))
            out.append(("x-ratelimit-remaining-tokens", String(max(0, tokensRemaining))))
            out.append(("x-ratelimit-reset-tokens", Self.format(tokensReset ?? .zero)))
        }
        return out
    }
}
