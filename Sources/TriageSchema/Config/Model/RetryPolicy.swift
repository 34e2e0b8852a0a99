/// How a group retries a failed attempt before it falls back to other groups. A retry goes to a
/// healthy deployment of the same group, preferring one that has not failed this request.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt; 0 disables retrying.
    public var maxRetries: Int
    public var backoff: Backoff
    /// An upstream's `Retry-After` is honoured up to this long; a longer one makes the gateway
    /// move on (another deployment, or a fallback) rather than keep the client waiting.
    public var retryAfterCap: Duration

    public init(maxRetries: Int = 2, backoff: Backoff = Backoff(), retryAfterCap: Duration = .seconds(30)) {
        self.maxRetries = maxRetries
        self.backoff = backoff
        self.retryAfterCap = retryAfterCap
    }

    /// Retrying disabled.
    public static let none = RetryPolicy(maxRetries: 0)
}
