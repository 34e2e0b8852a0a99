import Synchronization

/// Whether the shared store answers, as the request path saw it last. After a call finds it
/// unreachable, calls fail at once for `pause` instead of each waiting out its own timeout;
/// the first call after the pause tries again and, if it succeeds, the store is back.
final class StoreReachability: Sendable {
    private struct State {
        var downSince: ContinuousClock.Instant?
        var retryAt: ContinuousClock.Instant?
        var lastError: StoreError?
    }

    private let state = Mutex(State())
    let pause: Duration

    init(pause: Duration = .milliseconds(500)) {
        self.pause = pause
    }

    var isUp: Bool { state.withLock { $0.downSince == nil } }

    /// Nil when a call may go to the store now; else why not.
    func refusal() -> StoreError? {
        state.withLock { s in
            guard let retryAt = s.retryAt, let error = s.lastError else { return nil }
            let now = ContinuousClock.now
            if now >= retryAt {
                s.retryAt = now + pause  // this caller probes; the others keep failing fast
                return nil
            }
            return StoreError("the store has not answered since \(Self.ago(s.downSince, now)) (\(error.message))", context: error.context,
                              unreachable: true)
        }
    }

    func succeeded() {
        state.withLock { s in
            s.downSince = nil
            s.retryAt = nil
            s.lastError = nil
        }
    }

    func failed(_ error: StoreError) {
        guard error.unreachable else { return }
        state.withLock { s in
            let now = ContinuousClock.now
            if s.downSince == nil { s.downSince = now }
            s.retryAt = now + pause
            s.lastError = error
        }
    }

    private static func ago(_ since: ContinuousClock.Instant?, _ now: ContinuousClock.Instant) -> String {
        guard let since else { return "just now" }
        let ms = (now - since).components.seconds * 1000 + (now - since).components.attoseconds / 1_000_000_000_000_000
        return "\(ms) ms"
    }
}
