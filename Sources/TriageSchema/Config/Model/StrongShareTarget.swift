/// The `target_share` policy's settings.
public struct StrongShareTarget: Sendable, Equatable {
    public static let defaultWindow = 2_000

    /// The share of requests to send to the strong candidate, in (0, 1).
    public var strongShare: Double
    /// The threshold on `strong_win` used until the window has filled once: the one
    /// `triage calibrate --target-strong-share` printed for representative prompts.
    public var initialThreshold: Double
    /// How many recent requests the realised share and the score quantile are measured over.
    public var window: Int

    public init(strongShare: Double, initialThreshold: Double = 0.5, window: Int = Self.defaultWindow) {
        self.strongShare = strongShare
        self.initialThreshold = initialThreshold
        self.window = window
    }
}
