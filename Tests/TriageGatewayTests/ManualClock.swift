import Synchronization
import TriageGateway

/// A clock for tests: time moves only when a test advances it or the gateway sleeps, and a
/// sleep returns at once, so cooldowns and backoffs take no real time and every wait the
/// gateway chose is recorded.
final class ManualClock: GatewayClock {
    private struct State {
        var now = ContinuousClock.now
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// Every sleep the gateway asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }

    func sleep(for duration: Duration) async throws {
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
        await Task.yield()
    }
}
