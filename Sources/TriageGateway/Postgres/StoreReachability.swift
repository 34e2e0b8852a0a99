import Synchronization

/// Whether the shared store answers. After a call finds it unreachable, the request path's
/// calls fail at once instead of each waiting out its own timeout, until a probe (the
/// replica's heartbeat, every refresh interval) finds it answering again.
final class StoreReachability: Sendable {
    private struct State {
        var downSince: ContinuousClock.Instant?
        var lastError: StoreError?
    }

    private let state = Mutex(State())

    var isUp: Bool { state.withLock { $0.downSince == nil } }

    /// Nil when a call may go to the store now; else why not.
    func refusal() -> StoreError? {
        state.withLock { s in
            guard let error = s.lastError else { return nil }
            return StoreError("the store has not answered for \(Self.ago(s.downSince, ContinuousClock.now)) (\(error.message))",
                              context: error.context, unreachable: true)
        }
    }

    func succeeded() {
        state.withLock { s in
            s.downSince = nil
            s.lastError = nil
        }
    }

    func failed(_ error: StoreError) {
        guard error.unreachable else { return }
        state.withLock { s in
            let now = ContinuousClock.now
            if s.downSince == nil { s.downSince = now }
            s.lastError = error
        }
    }

    private static func ago(_ since: ContinuousClock.Instant?, _ now: ContinuousClock.Instant) -> String {
        guard let since else { return "just now" }
        let ms = (now - since).components.seconds * 1000 + (now - since).components.attoseconds / 1_000_000_000_000_000
        return "\(ms) ms"
    }
}
