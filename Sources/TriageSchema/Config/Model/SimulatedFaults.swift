/// How often a simulated attempt fails, and how. Each rate is a probability per attempt; at most
/// one fault happens per attempt, so the rates add up to at most 1.
public struct SimulatedFaults: Sendable, Equatable {
    /// 429 with a `Retry-After` header of `retryAfter`.
    public var rateLimit: Double
    /// 500.
    public var serverError: Double
    /// 503.
    public var unavailable: Double
    /// No answer at all: the attempt hangs until the gateway's timeout fires.
    public var timeout: Double
    /// A stream that starts and is then cut mid-answer.
    public var connectionReset: Double
    /// A 200 response whose body is not valid JSON.
    public var malformedJSON: Double
    /// A 400 context-window error, besides the one any prompt longer than the deployment's
    /// `max_context_tokens` always gets.
    public var contextWindow: Double
    /// The `Retry-After` a simulated 429 carries (whole seconds on the wire).
    public var retryAfter: Duration

    public init(
        rateLimit: Double = 0,
        serverError: Double = 0,
        unavailable: Double = 0,
        timeout: Double = 0,
        connectionReset: Double = 0,
        malformedJSON: Double = 0,
        contextWindow: Double = 0,
        retryAfter: Duration = .seconds(1)
    ) {
        self.rateLimit = rateLimit
        self.serverError = serverError
        self.unavailable = unavailable
        self.timeout = timeout
        self.connectionReset = connectionReset
        self.malformedJSON = malformedJSON
        self.contextWindow = contextWindow
        self.retryAfter = retryAfter
    }

    /// A fault-free upstream.
    public static let none = SimulatedFaults()

    /// Probability that an attempt fails in any way.
    public var total: Double {
        rateLimit + serverError + unavailable + timeout + connectionReset + malformedJSON + contextWindow
    }
}
