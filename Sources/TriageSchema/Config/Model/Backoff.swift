import Foundation

/// Exponential backoff between retries: the n-th retry (from 1) waits up to
/// `min(max, initial × multiplier^(n−1))`, spread by `jitter`.
public struct Backoff: Sendable, Equatable {
    /// How the wait is spread so that clients retrying together do not hit the upstream together.
    public enum Jitter: String, Sendable, Equatable, CaseIterable {
        /// Exactly the exponential ceiling.
        case none
        /// Uniform in [0, ceiling] ("full jitter"), the spread with the least contention.
        case full
    }

    public var initial: Duration
    public var max: Duration
    public var multiplier: Double
    public var jitter: Jitter

    public init(
        initial: Duration = .milliseconds(500),
        max: Duration = .seconds(8),
        multiplier: Double = 2,
        jitter: Jitter = .full
    ) {
        self.initial = initial
        self.max = max
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The exponential ceiling before jitter for retry `n` (1-based).
    public func ceiling(retry n: Int) -> Duration {
        let ms = initial.configMilliseconds * pow(multiplier, Double(Swift.max(n - 1, 0)))
        return .milliseconds(Swift.min(ms, max.configMilliseconds))
    }

    /// The wait before retry `n`, drawn with `generator` so tests can fix the seed.
    public func delay(retry n: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let top = ceiling(retry: n)
        switch jitter {
        case .none:
            return top
        case .full:
            return .milliseconds(Double.random(in: 0...top.configMilliseconds, using: &generator))
        }
    }
}
