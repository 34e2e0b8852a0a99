/// Holds the share of requests sent to the strong model at a target on live traffic by moving
/// the threshold on `strong_win`.
///
/// An offline-calibrated threshold drifts as traffic changes: the prompts of a week later
/// score differently. The controller keeps the last `window` scores and decisions and, every
/// `window / 40` requests, sets the threshold to the quantile of the recent scores above
/// which `target` of them lie (feed-forward), shifted by the window's realised error (feedback),
/// so sampling noise does not accumulate into a lasting bias. Until `warmUp` requests have been
/// seen the initial threshold stands.
///
/// Not thread-safe: the gateway keeps one per routed model behind a lock.
public struct StrongShareController: Sendable {
    public let target: Double
    public let window: Int
    /// The threshold the next decision uses.
    public private(set) var threshold: Double
    /// Requests seen before the threshold starts moving.
    public let warmUp: Int

    private var scores: [Float]
    private var strong: [Bool]
    private var next = 0
    private var filled = 0
    private var strongInWindow = 0
    private var sinceRetune = 0
    private let retuneEvery: Int
    private var sorted: [Float] = []

    public init(target: Double, initialThreshold: Double, window: Int = 2_000) {
        precondition(target > 0 && target < 1 && window >= 100, "target in (0, 1), window ≥ 100")
        self.target = target
        self.window = window
        self.threshold = initialThreshold
        self.warmUp = window / 4
        self.retuneEvery = max(1, window / 40)
        scores = [Float](repeating: 0, count: window)
        strong = [Bool](repeating: false, count: window)
    }

    /// The decision for a request with this `strong_win` score, recorded in the window.
    public mutating func decide(score: Double) -> Bool {
        let isStrong = score >= threshold
        record(score: score, strong: isStrong)
        return isStrong
    }

    /// Adds one request's score and decision to the window.
    public mutating func record(score: Double, strong isStrong: Bool) {
        if filled == window, strong[next] { strongInWindow -= 1 }
        scores[next] = Float(score)
        strong[next] = isStrong
        if isStrong { strongInWindow += 1 }
        next = (next + 1) % window
        filled = min(filled + 1, window)
        sinceRetune += 1
        if filled >= warmUp, sinceRetune >= retuneEvery { retune() }
    }

    /// The share of strong decisions over the window; nil before the first request.
    public var realisedShare: Double? {
        filled == 0 ? nil : Double(strongInWindow) / Double(filled)
    }

    /// Requests in the window so far (at most `window`).
    public var observed: Int { filled }

    private mutating func retune() {
        sinceRetune = 0
        sorted.removeAll(keepingCapacity: true)
        sorted.append(contentsOf: scores[0..<filled])
        sorted.sort()
        let error = (realisedShare ?? target) - target
        // Share above the threshold wanted next: the target, minus what the window overshot.
        let wanted = min(max(target - error, 0), 1)
        let rank = Int((Double(filled) * (1 - wanted)).rounded(.down))
        threshold = rank >= filled ? Double(sorted[filled - 1]).nextUp : Double(sorted[max(rank, 0)])
    }
}
