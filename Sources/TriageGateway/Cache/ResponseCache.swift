import NIOCore
import Synchronization
import TriageSchema

/// Every group's cached answers, in memory.
///
/// Each group's shelf is held within its own `max_entries` and `max_bytes`, so memory is
/// bounded by the sum of the configured bounds. Expired entries are not dropped when they
/// expire: they stay until the bounds evict them, for a last-resort tier to serve as stale.
/// A lock rather than an actor: a lookup is a dictionary probe on every request of a cached
/// group, cheaper than an actor hop.
public final class ResponseCache: Sendable {
    /// What a lookup found.
    enum Lookup: Sendable {
        case fresh(CachedAnswer)
        /// Past its TTL: only a last resort serves it.
        case stale(CachedAnswer)
        case absent
    }

    private let shelves = Mutex<[String: CacheShelf]>([:])
    /// Tests pass a manual clock to expire entries without waiting.
    let clock: any GatewayClock

    public init(clock: any GatewayClock = SystemClock()) {
        self.clock = clock
    }

    func lookup(_ key: ResponseCacheKey, group: String, ttl: Duration) -> Lookup {
        let now = clock.now
        guard let answer = shelves.withLock({ $0[group]?.use(key) }) else { return .absent }
        return now - answer.storedAt < ttl ? .fresh(answer) : .stale(answer)
    }

    /// Stores `body` under `key` in `group`'s shelf and returns the shelf's entries and bytes.
    @discardableResult
    func store(_ body: ByteBuffer, deployment: String, key: ResponseCacheKey, group: String, settings: ResponseCacheSettings) -> (entries: Int, bytes: Int) {
        let answer = CachedAnswer(body: body, deployment: deployment, storedAt: clock.now)
        return shelves.withLock { shelves in
            shelves[group, default: CacheShelf()].insert(answer, key: key, maxEntries: settings.maxEntries, maxBytes: settings.maxBytes)
            let shelf = shelves[group]!
            return (shelf.count, shelf.bytes)
        }
    }
}
