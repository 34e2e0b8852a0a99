import NIOCore
import Synchronization

/// Cancels the work of requests whose client hung up.
///
/// Hummingbird notices a closed connection only when it next writes; a request waiting on a
/// slow upstream (or on its retries and hedges) would go on spending for nobody. Requests on a
/// real connection register here; one watcher task checks the registered connections every
/// `interval` while any are registered and cancels the work of those that closed. The cost per
/// request is a task and two lock-protected dictionary updates, not a timer of its own.
final class ClientWatch: Sendable {
    private struct Entry {
        let channel: any Channel
        let cancel: @Sendable () -> Void
    }

    private struct Registry {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        var watching = false
    }

    private let registry = Mutex(Registry())
    let interval: Duration

    init(interval: Duration = .milliseconds(500)) {
        self.interval = interval
    }

    /// Runs `operation`, cancelled if the client's connection closes before it ends. A channel
    /// that was never active (in-process tests) is not watched.
    func run<T: Sendable>(while channel: any Channel, _ operation: @escaping @Sendable () async -> T) async -> T {
        guard channel.isActive else { return await operation() }
        let work = Task { await operation() }
        let (id, startWatcher) = registry.withLock { r in
            r.nextID += 1
            r.entries[r.nextID] = Entry(channel: channel, cancel: { work.cancel() })
            defer { r.watching = true }
            return (r.nextID, !r.watching)
        }
        if startWatcher { Task { await watch() } }
        defer { registry.withLock { _ = $0.entries.removeValue(forKey: id) } }
        return await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
    }

    /// Checks the registered connections until none is left.
    private func watch() async {
        while true {
            try? await Task.sleep(for: interval)
            let closed: [Entry]? = registry.withLock { r in
                if r.entries.isEmpty {
                    r.watching = false
                    return nil
                }
                return r.entries.values.filter { !$0.channel.isActive }
            }
            guard let closed else { return }
            for entry in closed { entry.cancel() }
        }
    }
}
