/// Time as the resilience layer sees it: cooldowns, error-rate windows and backoff waits.
/// Tests inject a clock whose sleeps advance time at once, so hours of cooldown and backoff
/// run in microseconds and every wait the gateway chose can be inspected.
public protocol GatewayClock: Sendable {
    var now: ContinuousClock.Instant { get }
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: GatewayClock {
    public init() {}
    public var now: ContinuousClock.Instant { .now }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
