/// Holds the share of requests sent to the strong model at a target on live traffic by moving
/// the threshold on `strong_win`.
///
/// An offline-calibrated threshold drifts as traffic changes: the prompts of a week later
/// score differently. The controller keeps the last `window` scores in sorted order and, for
/// each request, sets the threshold to the quantile of those scores above which the wanted
/// share lies. The wanted share is the target corrected by the running debt, Σ(strong − target)
/// since warm-up, spread over the next `debtHorizon` requests: a sigma-delta loop, so the count
/// of strong calls tracks target × requests to within a few requests instead of wandering with
/// binomial noise, and a drift in the scores is caught by the debt before the window's
/// quantile catches up. Until `warmUp` requests have been seen the initial threshold stands.
///
/// Cost per decision: two binary searches and one shift of at most `window` floats.
/// Not thread-safe: the gateway keeps one per routed model behind a lock.
public struct StrongShareController: Sendable {
    public let target: Double
    public let window: Int
    /// Requests seen before the threshold starts moving.
    public let warmUp: Int
    /// The threshold the next decision uses.
    public private(set) var threshold: Double

    /// How many requests the debt is paid back over; shorter reacts faster but jitters more.
    static let debtHorizon = 50.0

    private var ring: [Float]
    private var strong: [Bool]
    private var sorted: [Float] = []
    private var next = 0
    private var filled = 0
    private var strongInWindow = 0
    private var debt = 0.0

    public init(target: Double, initialThreshold: Double, window: Int = 2_000) {
        precondition(target > 0 && target < 1 && window >= 100, "target in (0, 1), window ≥ 100")
        self.target = target
        self.window = window
        self.threshold = initialThreshold
        self.warmUp = window / 4
        ring = [Float](repeating: 0, count: window)
        strong = [Bool](repeating: false, count: window)
        sorted.reserveCapacity(window)
    }

    /// The decision for a request with this `strong_win` score, recorded in the window.
    public mutating func decide(score: Double) -> Bool {
        let isStrong = score >= threshold
        record(score: score, strong: isStrong)
        return isStrong
    }

    /// Adds one request's score and decision, then sets the threshold for the next request.
    public mutating func record(score: Double, strong isStrong: Bool) {
        // A non-finite score would break the sorted window's order; it counts as the lowest.
        let value = score.isFinite ? Float(score) : -.greatestFiniteMagnitude
        if filled == window {
            if strong[next] { strongInWindow -= 1 }
            sorted.remove(at: Self.firstIndex(notBelow: ring[next], in: sorted))
        }
        sorted.insert(value, at: Self.firstIndex(notBelow: value, in: sorted))
        ring[next] = value
        strong[next] = isStrong
        if isStrong { strongInWindow += 1 }
        next = (next + 1) % window
        filled = min(filled + 1, window)
        guard filled >= warmUp else { return }
        if filled > warmUp {
            // Debt is counted from the first decision made with a controlled threshold.
            debt = min(max(debt + (isStrong ? 1 : 0) - target, -Self.debtHorizon), Self.debtHorizon)
        }
        let wanted = min(max(target - debt / Self.debtHorizon, 0), 1)
        let rank = Int((Double(filled) * (1 - wanted)).rounded(.down))
        threshold = rank >= filled ? Double(sorted[filled - 1]).nextUp : Double(sorted[rank])
    }

    /// The share of strong decisions over the window; nil before the first request.
    public var realisedShare: Double? {
        filled == 0 ? nil : Double(strongInWindow) / Double(filled)
    }

    /// Requests in the window so far (at most `window`).
    public var observed: Int { filled }

    /// The first position in ascending `values` whose element is not below `value`.
    private static func firstIndex(notBelow value: Float, in values: [Float]) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
