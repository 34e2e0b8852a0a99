import Foundation

/// Commits the SQLite spend ledger's writes, many requests per transaction (group commit).
///
/// When no commit is running, the caller commits its write at once on its own thread (one short
/// SQLite transaction, no thread hop: the quiet case). While one runs, writes queue and the
/// ledger's thread commits them together as soon as it ends; a caller that must know its write
/// is durable (a reservation before its call goes out, a settlement before its answer) awaits
/// that without holding a thread. Under load one commit serves every request that arrived
/// during the previous one, instead of each blocking an event loop on a lock.
final class LedgerWriter: LedgerCommitting, @unchecked Sendable {
    // @unchecked: `pending` and `stopped` are guarded by `condition`.
    private let store: SQLiteGovernanceStore
    private let condition = NSCondition()
    private var pending: [(LedgerWrite, Completion?)] = []
    /// A commit is running (inline on a caller's thread, or on the ledger's thread).
    private var busy = false
    private var closing = false
    private var stopped = false

    init(store: SQLiteGovernanceStore) {
        self.store = store
        let thread = Thread { self.run() }
        thread.name = "triage-ledger"
        thread.start()
    }

    /// Commits `write` now on this thread when no commit is running, else queues it;
    /// `completion` runs once it is committed (or failed).
    func submit(_ write: LedgerWrite, completion: Completion?) {
        condition.lock()
        guard !closing else {
            condition.unlock()
            completion?(StoreError("the ledger is closed", context: "submit a ledger write"))
            return
        }
        guard busy || !pending.isEmpty else {
            busy = true
            condition.unlock()
            commit([(write, completion)])
            condition.lock()
            busy = false
            // The ledger's thread waits for this commit to end (queued writes, or close()).
            condition.broadcast()
            condition.unlock()
            return
        }
        pending.append((write, completion))
        condition.broadcast()
        condition.unlock()
    }

    /// Commits what is queued and stops the thread.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while (pending.isEmpty || busy) && !(closing && !busy) { condition.wait() }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let finished = closing && batch.isEmpty
            busy = !batch.isEmpty
            condition.unlock()
            if finished { break }
            commit(batch)
            condition.lock()
            busy = false
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// One transaction for the batch; if it fails, each write alone, so one bad write does not
    /// take the others with it.
    private func commit(_ batch: [(LedgerWrite, Completion?)]) {
        do throws(SQLiteError) {
            try store.commit(batch.map(\.0))
            for (_, completion) in batch { completion?(nil) }
        } catch {
            for (write, completion) in batch {
                do throws(SQLiteError) {
                    try store.commit([write])
                    completion?(nil)
                } catch {
                    completion?(StoreError(error))
                }
            }
        }
    }
}
