/// The `cost_aware` policy's settings: argmax over candidates of P(good) − λ · expected cost.
public struct CostAwarePolicy: Sendable, Equatable {
    public static let defaultExpectedOutputTokens = 256

    /// Quality given up per USD saved: with λ = 100, a candidate must be 0.1 more likely to
    /// answer well to justify costing $0.001 more per request. 0 always takes the best.
    public var lambda: Double
    /// Output tokens assumed when pricing a request that sets no `max_tokens`.
    public var expectedOutputTokens: Int

    public init(lambda: Double, expectedOutputTokens: Int = Self.defaultExpectedOutputTokens) {
        self.lambda = lambda
        self.expectedOutputTokens = expectedOutputTokens
    }
}
