/// How long a request may take on a deployment. Ordered: `ttft ≤ attempt ≤ total`.
public struct Timeouts: Sendable, Equatable {
    /// The whole request across retries, fallbacks and hedges, as the client sees it.
    public var total: Duration
    /// One call to the upstream.
    public var attempt: Duration
    /// From sending a call to its first token (streaming) or first byte of the response;
    /// a slow start is the cheapest moment to give up on a deployment and try another.
    public var ttft: Duration

    public init(total: Duration = .seconds(300), attempt: Duration = .seconds(120), ttft: Duration = .seconds(30)) {
        self.total = total
        self.attempt = attempt
        self.ttft = ttft
    }
}
