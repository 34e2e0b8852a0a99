import Foundation
import Synchronization
import TriageGateway

/// Calendar time that moves only when a test says so: budget periods and rate-limit windows
/// end on cue.
final class ManualWallClock: WallClock {
    private let instant: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        instant = Mutex(start)
    }

    func now() -> Date { instant.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
