import Synchronization
import TriageCore

/// The executor's random numbers (weighted choice, jitter), seedable for tests.
public final class RandomSource: Sendable {
    private let generator: Mutex<SplitMix64>

    public init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        generator = Mutex(SplitMix64(seed: seed))
    }

    func with<R>(_ body: (inout SplitMix64) -> R) -> R {
        generator.withLock { body(&$0) }
    }
}
