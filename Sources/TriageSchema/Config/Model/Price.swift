/// What a deployment charges, in US dollars per million tokens.
public struct Price: Sendable, Equatable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// No price known (local models, or a provider not worth accounting).
    public static let free = Price(inputPerMillion: 0, outputPerMillion: 0)

    /// Cost in USD of one call.
    public func cost(inputTokens: Int, outputTokens: Int) -> Double {
        (Double(inputTokens) * inputPerMillion + Double(outputTokens) * outputPerMillion) / 1_000_000
    }
}
