import NIOCore
import Synchronization

/// Cancels the work of requests whose client hung up.
///
/// Hummingbird notices a closed connection only when it next writes; a request waiting on a
/// slow upstream (or on its retries and hedges), or a stream whose model thinks quietly,
/// would go on spending for nobody. Work on a real connection registers here; one watcher task
/// checks the registered connections every `interval` while any are registered and cancels the
/// work of those that closed. The cost per request is two lock-protected dictionary updates,
/// not a timer of its own.
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
        let id = register(channel) { work.cancel() }
        defer { unregister(id) }
        return await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
    }

    /// Calls `cancel` once `channel` closes, until `unregister` is called with the returned id.
    func register(_ channel: any Channel, cancel: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, startWatcher) = registry.withLock { r in
            r.nextID += 1
            r.entries[r.nextID] = Entry(channel: channel, cancel: cancel)
            defer { r.watching = true }
            return (r.nextID, !r.watching)
        }
        if startWatcher { Task { await watch() } }
        return id
    }

    func unregister(_ id: UInt64) {
        registry.withLock { _ = $0.entries.removeValue(forKey: id) }
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
