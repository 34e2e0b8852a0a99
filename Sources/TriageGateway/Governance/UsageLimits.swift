/// Request-rate, token-rate and concurrency caps of a virtual key or a team; nil is no cap.
public struct UsageLimits: Sendable, Equatable {
    /// Requests per minute (a sliding 60-second window).
    public var rpm: Int?
    /// Prompt plus completion tokens per minute: each request counts its estimate when it is
    /// admitted and its real usage once answered.
    public var tpm: Int?
    public var maxParallelRequests: Int?

    public init(rpm: Int? = nil, tpm: Int? = nil, maxParallelRequests: Int? = nil) {
        self.rpm = rpm
        self.tpm = tpm
        self.maxParallelRequests = maxParallelRequests
    }

    public var isEmpty: Bool { rpm == nil && tpm == nil && maxParallelRequests == nil }
}
