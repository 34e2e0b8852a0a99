/// What a group answers when every deployment and every fallback group failed: a 200 with a
/// clear marker (`x-triage-degraded`) instead of a 5xx. Client errors (a bad request, a prompt
/// too long) and refusals by budget are never papered over.
public struct LastResortPolicy: Sendable, Equatable {
    /// Serve the group's cached answer to the same request, even an expired one.
    public var cache: Bool
    /// Otherwise answer with this text as an ordinary chat completion; nil gives the 5xx.
    public var staticAnswer: String?

    public init(cache: Bool = false, staticAnswer: String? = nil) {
        self.cache = cache
        self.staticAnswer = staticAnswer
    }
}
