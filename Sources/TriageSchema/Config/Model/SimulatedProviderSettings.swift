/// The built-in simulated upstream: how fast it answers, how good the answers are, what it
/// charges (the deployment's `price`) and how often it fails. Lets the whole gateway (routing,
/// retries, fallbacks, hedging, cost accounting) run and be tested with no network.
///
/// Timing of one attempt: the first token arrives after `latency` (drawn per attempt) plus
/// `ttft`; then tokens stream at `tokensPerSecond` until `outputTokens` (or the request's
/// `max_tokens`, whichever is smaller) have been sent.
public struct SimulatedProviderSettings: Sendable, Equatable {
    /// Network and queueing delay before the model starts, drawn per attempt.
    public var latency: SimulatedLatency
    /// Prompt processing: from the model starting to its first token.
    public var ttft: Duration
    /// Decoding speed once the first token is out.
    public var tokensPerSecond: Double
    /// Length of a typical answer, in tokens.
    public var outputTokens: Int
    public var quality: SimulatedQuality
    public var faults: SimulatedFaults
    /// Length of the vectors an embedding group's simulated deployment returns.
    public var embeddingDimensions: Int

    public init(
        latency: SimulatedLatency = SimulatedLatency(),
        ttft: Duration = .milliseconds(200),
        tokensPerSecond: Double = 80,
        outputTokens: Int = 200,
        quality: SimulatedQuality = SimulatedQuality(),
        faults: SimulatedFaults = .none,
        embeddingDimensions: Int = 256
    ) {
        self.latency = latency
        self.ttft = ttft
        self.tokensPerSecond = tokensPerSecond
        self.outputTokens = outputTokens
        self.quality = quality
        self.faults = faults
        self.embeddingDimensions = embeddingDimensions
    }
}
