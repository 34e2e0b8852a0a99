import Synchronization

/// Commits a store's ledger writes in groups on a task, for a store whose commits wait on the
/// network (PostgreSQL).
///
/// At most one commit is in flight; writes handed over meanwhile wait and go together in the
/// next one, so under load one round trip serves every request that arrived during the last.
/// No thread is held while the database answers.
final class AsyncLedgerWriter: LedgerCommitting {
    private struct State: Sendable {
        var pending: [(LedgerWrite, Completion?)] = []
        var running = false
        var closing = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: any SpendLedgerStore
    private let state = Mutex(State())

    init(store: any SpendLedgerStore) {
        self.store = store
    }

    func submit(_ write: LedgerWrite, completion: Completion?) {
        let start = state.withLock { s -> Bool? in
            guard !s.closing else { return nil }
            s.pending.append((write, completion))
            defer { s.running = true }
            return !s.running
        }
        switch start {
        case nil: completion?(StoreError("the ledger is closed", context: "submit a ledger write"))
        case true?: Task { await self.drain() }
        case false?: break
        }
    }

    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { s in
                s.closing = true
                if s.running { s.closeWaiters.append(continuation) }
                return !s.running
            }
            if idle { continuation.resume() }
        }
    }

    /// Commits what is pending, batch after batch, until nothing is; then lets the next write
    /// start a new drain.
    private func drain() async {
        while true {
            let (batch, waiters) = state.withLock { s -> ([(LedgerWrite, Completion?)], [CheckedContinuation<Void, Never>]) in
                let batch = s.pending
                s.pending.removeAll(keepingCapacity: true)
                guard batch.isEmpty else { return (batch, []) }
                s.running = false
                defer { s.closeWaiters = [] }
                return ([], s.closeWaiters)
            }
            guard !batch.isEmpty else {
                for waiter in waiters { waiter.resume() }
                return
            }
            await commit(batch)
        }
    }

    /// One transaction for the batch; if it fails, each write alone, so one bad write does not
    /// take the others with it.
    private func commit(_ batch: [(LedgerWrite, Completion?)]) async {
        do throws(StoreError) {
            try await store.apply(batch.map(\.0))
            for (_, completion) in batch { completion?(nil) }
        } catch {
            guard batch.count > 1 else {
                batch.first?.1?(error)
                return
            }
            for (write, completion) in batch {
                do throws(StoreError) {
                    try await store.apply([write])
                    completion?(nil)
                } catch {
                    completion?(error)
                }
            }
        }
    }
}
