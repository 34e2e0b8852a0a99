/// Takes the request path's ledger writes and commits them in groups: under load one commit
/// serves every request that arrived during the previous one.
protocol LedgerCommitting: AnyObject, Sendable {
    typealias Completion = @Sendable (StoreError?) -> Void

    /// Hands `write` over; `completion` runs once it is committed (nil) or failed. Never waits
    /// for the database (a settlement is handed over from `deinit`, too).
    func submit(_ write: LedgerWrite, completion: Completion?)

    /// Stops taking writes and returns once those already handed over are committed.
    func close() async
}

extension LedgerCommitting {
    /// Commits `write` and returns once it is durable (a reservation before its attempt goes out).
    func commit(_ write: LedgerWrite) async throws(StoreError) {
        let error: StoreError? = await withCheckedContinuation { continuation in
            submit(write) { continuation.resume(returning: $0) }
        }
        if let error { throw error }
    }
}
