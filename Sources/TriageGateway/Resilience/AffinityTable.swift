import Synchronization

/// Which deployment last served each end user, so a conversation keeps its deployment (and
/// the provider's prompt cache) while that deployment stays healthy. Bounded: past `capacity`
/// users, the oldest half is forgotten.
public final class AffinityTable: Sendable {
    private struct Entries {
        var byUser: [String: (deployment: String, stamp: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let entries = Mutex(Entries())
    let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func deployment(for user: String) -> String? {
        entries.withLock { $0.byUser[user]?.deployment }
    }

    func remember(_ deployment: String, for user: String) {
        entries.withLock { e in
            e.clock += 1
            e.byUser[user] = (deployment, e.clock)
            guard e.byUser.count > capacity else { return }
            let cutoff = e.byUser.values.map(\.stamp).sorted()[e.byUser.count / 2]
            e.byUser = e.byUser.filter { $0.value.stamp > cutoff }
        }
    }
}
