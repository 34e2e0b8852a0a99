import Foundation

/// Commits the spend ledger's writes on a thread of its own, many requests per transaction
/// (group commit): a request hands its write over and, when it must know the write is durable
/// (a reservation before its call goes out, a settlement before its answer), awaits the commit
/// without holding a thread. One SQLite commit then serves every request that arrived while the
/// previous one ran, instead of each request blocking an event loop on its own.
final class LedgerWriter: @unchecked Sendable {
    // @unchecked: `pending` and `stopped` are guarded by `condition`.
    typealias Completion = @Sendable (SQLiteError?) -> Void

    private let store: GovernanceStore
    private let condition = NSCondition()
    private var pending: [(GovernanceStore.LedgerWrite, Completion?)] = []
    private var closing = false
    private var stopped = false

    init(store: GovernanceStore) {
        self.store = store
        let thread = Thread { self.run() }
        thread.name = "triage-ledger"
        thread.start()
    }

    /// Queues `write`; `completion` runs on the writer thread once it is committed (or failed).
    func submit(_ write: GovernanceStore.LedgerWrite, completion: Completion? = nil) {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else {
            completion?(SQLiteError(code: 0, message: "the ledger is closed", context: "submit"))
            return
        }
        pending.append((write, completion))
        condition.signal()
    }

    /// Queues `write` and returns once it is committed.
    func commit(_ write: GovernanceStore.LedgerWrite) async throws(SQLiteError) {
        let error: SQLiteError? = await withCheckedContinuation { continuation in
            submit(write) { continuation.resume(returning: $0) }
        }
        if let error { throw error }
    }

    /// Commits what is queued and stops the thread.
    func close() {
        condition.lock()
        closing = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !closing { condition.wait() }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let finished = closing && batch.isEmpty
            condition.unlock()
            if finished { break }
            commit(batch)
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// One transaction for the batch; if it fails, each write alone, so one bad write does not
    /// take the others with it.
    private func commit(_ batch: [(GovernanceStore.LedgerWrite, Completion?)]) {
        do throws(SQLiteError) {
            try store.apply(batch.map(\.0))
            for (_, completion) in batch { completion?(nil) }
        } catch {
            for (write, completion) in batch {
                do throws(SQLiteError) {
                    try store.apply([write])
                    completion?(nil)
                } catch {
                    completion?(error)
                }
            }
        }
    }
}
