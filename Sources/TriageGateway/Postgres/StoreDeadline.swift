import Synchronization

/// Runs `body` but returns after `limit` whatever it is doing: a database that stopped
/// answering must not hold a request (PostgreSQL's client waits on a dead connection until
/// TCP gives up). The body is cancelled and finishes in the background.
func withStoreDeadline<T: Sendable>(
    _ limit: Duration, context: String, _ body: @escaping @Sendable () async throws(StoreError) -> T
) async throws(StoreError) -> T {
    let slot = DeadlineSlot<T>()
    let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
        slot.waiting.withLock { $0 = continuation }
        let work = Task {
            let outcome: Result<T, StoreError>
            do throws(StoreError) {
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            slot.waiting.withLock { $0.take() }?.resume(returning: outcome)
        }
        Task {
            try? await Task.sleep(for: limit)
            guard let waiting = slot.waiting.withLock({ $0.take() }) else { return }
            work.cancel()
            waiting.resume(returning: .failure(StoreError("no answer within \(limit)", context: context, unreachable: true)))
        }
    }
    return try result.get()
}

/// Who resumes the waiting caller: the body or the timer, whichever comes first.
private final class DeadlineSlot<T: Sendable>: Sendable {
    let waiting = Mutex<CheckedContinuation<Result<T, StoreError>, Never>?>(nil)
}
