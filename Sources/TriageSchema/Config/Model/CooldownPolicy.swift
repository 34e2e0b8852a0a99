/// When a failing deployment is taken out of rotation, and for how long. Either trigger alone
/// is enough; with both nil a deployment is never cooled down. Failures that count are 429s,
/// 5xx, timeouts and broken connections, not the client's own 4xx.
public struct CooldownPolicy: Sendable, Equatable {
    /// Cool down after this many failures in a row; nil disables the trigger.
    public var consecutiveFailures: Int?
    /// Cool down when the recent error rate is too high; nil disables the trigger.
    public var errorRate: ErrorRateTrigger?
    /// How long a cooled-down deployment is skipped (longer when an upstream 429 asked for more).
    public var duration: Duration

    public init(
        consecutiveFailures: Int? = 3,
        errorRate: ErrorRateTrigger? = ErrorRateTrigger(),
        duration: Duration = .seconds(30)
    ) {
        self.consecutiveFailures = consecutiveFailures
        self.errorRate = errorRate
        self.duration = duration
    }

    /// Never cool down.
    public static let never = CooldownPolicy(consecutiveFailures: nil, errorRate: nil)
}
