import Synchronization

/// Commits a store's ledger writes in groups on a task, for a store whose commits wait on the
/// network (PostgreSQL).
///
/// At most one commit is in flight; writes handed over meanwhile wait and go together in the
/// next one, so under load one round trip serves every request that arrived during the last.
/// No thread is held while the database answers.
///
/// While the database is unreachable, writes nobody waits on (settlements, holds ending, rate
/// windows finishing) stay queued, up to `bufferLimit`, and are retried with backoff until it
/// answers; a reservation, which a request waits on, fails at once (its attempt is not sent).
/// Past the bound the oldest buffered writes are dropped and counted.
final class AsyncLedgerWriter: LedgerCommitting {
    private struct State: Sendable {
        var pending: [(LedgerWrite, Completion?)] = []
        var running = false
        var closing = false
        /// The last commit found the database unreachable: reservations fail without queueing.
        var unreachable = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: any SpendLedgerStore
    private let state = Mutex(State())
    private let bufferLimit: Int
    private let dropped = Atomic<Int>(0)

    init(store: any SpendLedgerStore, bufferLimit: Int = 100_000) {
        self.store = store
        self.bufferLimit = bufferLimit
    }

    /// Writes dropped because the buffer was full while the database was unreachable.
    var droppedWrites: Int { dropped.load(ordering: .relaxed) }

    /// Writes waiting for the database.
    var queuedWrites: Int { state.withLock { $0.pending.count } }

    func submit(_ write: LedgerWrite, completion: Completion?) {
        if write.isReservation, state.withLock({ $0.unreachable }) {
            completion?(StoreError("the store is unreachable", context: "record a reservation", unreachable: true))
            return
        }
        // While the database is unreachable a write joins the buffer, and whoever waits on it
        // is told so at once rather than at the buffer's next retry (up to 2 s away).
        let (start, buffered) = state.withLock { s -> (Bool?, Bool) in
            guard !s.closing else { return (nil, false) }
            s.pending.append((write, s.unreachable ? nil : completion))
            defer { s.running = true }
            return (!s.running, s.unreachable)
        }
        if buffered, start != nil {
            completion?(.buffered(StoreError("the store is unreachable", context: "write the ledger", unreachable: true)))
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
    /// take the others with it. If the database cannot be reached, reservations fail and the
    /// rest wait for it.
    private func commit(_ first: [(LedgerWrite, Completion?)]) async {
        var batch = first
        var attempt = 0
        var triesWhileClosing = 0
        while true {
            do throws(StoreError) {
                try await store.apply(batch.map(\.0))
                state.withLock { $0.unreachable = false }
                for (_, completion) in batch { completion?(nil) }
                return
            } catch where error.unreachable {
                attempt += 1
                if state.withLock({ $0.closing }) { triesWhileClosing += 1 }
                // Retry with what arrived meanwhile, oldest first, within the bound; reservations
                // (a request waits on each) fail now, and while the database stays unreachable.
                let (kept, failed, closing) = state.withLock { s in
                    s.unreachable = true
                    let all = batch + s.pending
                    s.pending.removeAll(keepingCapacity: true)
                    var kept = all.filter { !$0.0.isReservation }
                    var failed = all.filter { $0.0.isReservation }
                    if kept.count > bufferLimit {
                        failed += kept.prefix(kept.count - bufferLimit)
                        dropped.add(kept.count - bufferLimit, ordering: .relaxed)
                        kept.removeFirst(kept.count - bufferLimit)
                    }
                    return (kept, failed, s.closing)
                }
                for (_, completion) in failed { completion?(error) }
                // Closing: a bounded stop, about ten seconds of tries.
                if kept.isEmpty || (closing && triesWhileClosing >= 8) {
                    for (_, completion) in kept { completion?(error) }
                    return
                }
                // Whoever waits on a buffered write is told now (`buffered`): a request must
                // not wait for the database to come back before it answers.
                let buffered = StoreError.buffered(error)
                for (_, completion) in kept { completion?(buffered) }
                batch = kept.map { ($0.0, nil) }
                try? await Task.sleep(for: .milliseconds(min(2_000, 100 << min(attempt, 5))))
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
                return
            }
        }
    }
}

extension StoreError {
    /// A write kept in the ledger writer's buffer until the database answers again.
    static func buffered(_ cause: StoreError) -> StoreError {
        StoreError("buffered until the store answers again (\(cause.message))", context: cause.context, code: "buffered", unreachable: true)
    }

    var isBuffered: Bool { code == "buffered" }
}
