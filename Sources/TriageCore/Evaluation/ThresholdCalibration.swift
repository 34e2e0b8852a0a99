/// The threshold on `strong_win` that sends a target share of prompts to the strong model
/// (RouteLLM's calibration): a prompt goes strong when its score is at or above the threshold.
public struct ThresholdCalibration: Sendable, Equatable {
    /// Route to the strong model when `strong_win >= threshold`.
    public var threshold: Float
    /// The share of the calibration prompts that this threshold sends strong; it differs from
    /// the target only when tied scores straddle the cut.
    public var strongShare: Double

    /// Calibrates on `scores` (one `strong_win` per prompt) for `targetShare` in [0, 1]: the
    /// threshold sits halfway between the k-th and (k+1)-th highest scores, k = round(target × n),
    /// so it is stable to small changes of the scores on either side.
    public init(scores: [Float], targetShare: Double) {
        precondition((0...1).contains(targetShare), "target share must be in [0, 1]")
        guard !scores.isEmpty else {
            self.init(threshold: 0.5, strongShare: 0)
            return
        }
        let descending = scores.sorted(by: >)
        let k = Int((targetShare * Double(descending.count)).rounded())
        let threshold: Float
        switch k {
        case 0: threshold = descending[0].nextUp  // nobody reaches it
        case descending.count: threshold = descending[descending.count - 1]
        default: threshold = (descending[k - 1] + descending[k]) / 2
        }
        let strong = descending.count { $0 >= threshold }
        self.init(threshold: threshold, strongShare: Double(strong) / Double(descending.count))
    }

    public init(threshold: Float, strongShare: Double) {
        self.threshold = threshold
        self.strongShare = strongShare
    }
}
