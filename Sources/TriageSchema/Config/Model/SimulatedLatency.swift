import Foundation

/// The delay a simulated attempt waits before the model starts: log-normal with this mean and
/// standard deviation (a constant when the deviation is zero). Log-normal because real upstream
/// latencies are positive and long-tailed, which is what makes p95 hedging worth testing.
public struct SimulatedLatency: Sendable, Equatable {
    public var mean: Duration
    public var standardDeviation: Duration

    public init(mean: Duration = .milliseconds(100), standardDeviation: Duration = .milliseconds(30)) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The log-normal's parameters (μ, σ) of ln(latency in ms) that give this mean and deviation;
    /// nil when the mean is zero or the deviation is zero (no randomness to draw).
    public var logNormalParameters: (mu: Double, sigma: Double)? {
        let m = mean.configMilliseconds
        let s = standardDeviation.configMilliseconds
        guard m > 0, s > 0 else { return nil }
        // For X ~ LogNormal(μ, σ²): E[X] = exp(μ + σ²/2), Var[X] = (exp(σ²) − 1)·exp(2μ + σ²).
        let sigma2 = log1p((s * s) / (m * m))
        return (log(m) - sigma2 / 2, sigma2.squareRoot())
    }
}
