/// Cool a deployment down when, over the last `window`, at least `minimumRequests` attempts
/// were made and at least `threshold` of them failed. The minimum keeps one failure out of
/// two requests at night from taking a deployment out.
public struct ErrorRateTrigger: Sendable, Equatable {
    /// Fraction of failed attempts, in (0, 1].
    public var threshold: Double
    public var window: Duration
    public var minimumRequests: Int

    public init(threshold: Double = 0.5, window: Duration = .seconds(60), minimumRequests: Int = 10) {
        self.threshold = threshold
        self.window = window
        self.minimumRequests = minimumRequests
    }
}
