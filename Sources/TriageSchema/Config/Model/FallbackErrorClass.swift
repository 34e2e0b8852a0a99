/// The classes of failure a group can name its own fallbacks for.
public enum FallbackErrorClass: String, Sendable, Equatable, CaseIterable {
    /// Anything retryable that is not one of the classes below (5xx, timeouts, broken streams).
    case generic
    /// 429 from every deployment of the group, or all of them cooling down.
    case rateLimit = "rate_limit"
    /// The prompt is longer than the model takes; another group may have a longer window.
    case contextWindow = "context_window"
    /// The upstream refused the content; another provider may not.
    case contentPolicy = "content_policy"
}
