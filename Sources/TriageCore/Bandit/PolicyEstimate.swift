/// An off-policy estimate of a policy's mean reward, with a normal-approximation 95 % interval.
public struct PolicyEstimate: Sendable, Equatable {
    public var value: Double
    public var standardError: Double
    public var samples: Int

    public var lower: Double { value - 1.96 * standardError }
    public var upper: Double { value + 1.96 * standardError }

    public init(value: Double, standardError: Double, samples: Int) {
        self.value = value
        self.standardError = standardError
        self.samples = samples
    }

    /// Whether `x` lies in the 95 % interval.
    public func covers(_ x: Double) -> Bool { x >= lower && x <= upper }
}
