import Synchronization
import TriageCore
import TriageSchema

/// The share controller of one `target_share` routed model, shared by its requests.
final class StrongShareControl: Sendable {
    let settings: StrongShareTarget
    private let controller: Mutex<StrongShareController>

    init(_ settings: StrongShareTarget) {
        self.settings = settings
        controller = Mutex(StrongShareController(
            target: settings.strongShare, initialThreshold: settings.initialThreshold, window: settings.window))
    }

    /// The decision for this `strong_win` score, recorded in the window, with the threshold it
    /// was compared with and the window's realised share afterwards.
    func decide(score: Double) -> (strong: Bool, threshold: Double, share: Double) {
        controller.withLock { c in
            let threshold = c.threshold
            let strong = c.decide(score: score)
            return (strong, threshold, c.realisedShare ?? 0)
        }
    }

    /// The threshold the next request meets and the window's realised share.
    var state: (threshold: Double, share: Double?) { controller.withLock { ($0.threshold, $0.realisedShare) } }
}
