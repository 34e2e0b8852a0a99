import Dispatch

/// Blocks the calling thread until async work is done: the request log's writer thread hands
/// its batches to PostgreSQL this way, so both stores share one batching loop.
///
/// Only for threads the gateway started itself. On an event loop or a thread of the
/// concurrency pool this could wait for work that needs that very thread, forever.
enum OwnThreadWait {
    private final class Box<T>: @unchecked Sendable {
        // @unchecked: written once before the semaphore is signalled, read after it is waited on.
        var value: T?
    }

    static func result<T: Sendable>(of operation: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task {
            box.value = await operation()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}
