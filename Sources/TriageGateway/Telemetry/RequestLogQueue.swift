import DequeModule
import Foundation

/// The request log's bounded queue and the thread that writes it in batches: the part of the
/// request log both backends share, so they drop, batch, flush and close alike.
///
/// `record` only appends under a lock (the request path never waits for the database); the
/// writer thread takes batches and hands each to `write`, which commits it in one transaction
/// and reports success. The thread is the writer's own, never an event loop or a thread of the
/// concurrency pool, so `write` may block on its database, local file or network alike.
final class RequestLogQueue: @unchecked Sendable {
    // @unchecked: every mutable member is guarded by `condition`.
    typealias Write = @Sendable ([RequestRecord]) -> Bool

    let settings: TelemetryStoreSettings
    private let write: Write
    /// Runs after each batch on the writer thread: pruning old rows.
    private let maintain: @Sendable () -> Void
    private let condition = NSCondition()
    private var queue: Deque<RequestRecord> = []
    private var firstQueuedAt: Date?
    private var queuedCount = 0
    private var committedCount = 0
    private var droppedCount = 0
    private var failedCount = 0
    private var flushWanted = false
    private var closing = false
    private var stopped = false
    /// `flushed()` callers: the count of records that must be done before each resumes.
    private var flushWaiters: [(target: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    init(settings: TelemetryStoreSettings, threadName: String, write: @escaping Write, maintain: @escaping @Sendable () -> Void = {}) {
        self.settings = settings
        self.write = write
        self.maintain = maintain
        // The thread holds the queue until `close()` ends its loop: owners must close.
        let thread = Thread { self.writeLoop() }
        thread.name = threadName
        thread.start()
    }

    /// Queues a record for writing; false when the queue is full and the record was dropped.
    func record(_ record: RequestRecord) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing, queue.count < settings.capacity else {
            droppedCount += 1
            return false
        }
        queue.append(record)
        queuedCount += 1
        // Wake the writer for the first record of a batch (it then waits out the flush
        // interval) and for a full batch; in between it sleeps.
        if firstQueuedAt == nil {
            firstQueuedAt = Date()
            condition.broadcast()
        } else if queue.count >= settings.batchSize {
            condition.broadcast()
        }
        return true
    }

    /// Blocks until every record queued before the call is committed (or failed). Only for
    /// callers that may block: a backend whose writes need the event loops must use `flushed()`.
    func flush() {
        condition.lock()
        defer { condition.unlock() }
        let target = queuedCount
        flushWanted = true
        condition.broadcast()
        while committedCount + failedCount < target, !stopped { condition.wait() }
    }

    /// Returns once every record queued before the call is committed (or failed), holding no thread.
    func flushed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            let target = queuedCount
            let done = committedCount + failedCount >= target || stopped
            if !done {
                flushWanted = true
                flushWaiters.append((target, continuation))
                condition.broadcast()
            }
            condition.unlock()
            if done { continuation.resume() }
        }
    }

    /// Writes what is queued and stops the writer; later records are dropped. Blocks.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    /// Stops taking records and lets the writer finish what is queued on its own, without
    /// waiting for it (an owner going away where it must not block).
    func closeInBackground() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
    }

    /// `close()`, holding no thread while the last batch is written.
    func closed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            closing = true
            if !stopped { closeWaiters.append(continuation) }
            let done = stopped
            condition.broadcast()
            condition.unlock()
            if done { continuation.resume() }
        }
    }

    /// Counters for metrics: written, dropped because the queue was full, lost to write errors.
    var counts: (written: Int, dropped: Int, failed: Int, queued: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (committedCount, droppedCount, failedCount, queue.count)
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while !closing {
                if flushWanted || queue.count >= settings.batchSize { break }
                if let first = firstQueuedAt {
                    let due = first.addingTimeInterval(Self.seconds(settings.flushInterval))
                    if Date() >= due { break }
                    _ = condition.wait(until: due)
                } else {
                    condition.wait()
                }
            }
            let batch = Array(queue.prefix(settings.batchSize))
            queue.removeFirst(batch.count)
            // What is left keeps the oldest record's time, so none waits past the interval.
            if queue.isEmpty { firstQueuedAt = nil }
            if queue.isEmpty { flushWanted = false }
            let finished = closing && queue.isEmpty
            condition.unlock()

            let written = batch.isEmpty || write(batch)
            maintain()

            condition.lock()
            if written {
                committedCount += batch.count
            } else {
                failedCount += batch.count  // counted in metrics; the rows are lost, the gateway goes on
            }
            if finished { stopped = true }
            let done = committedCount + failedCount
            let resumed = flushWaiters.filter { stopped || $0.target <= done }.map(\.continuation)
            flushWaiters.removeAll { stopped || $0.target <= done }
            let closers = stopped ? closeWaiters : []
            if stopped { closeWaiters = [] }
            condition.broadcast()
            condition.unlock()
            for waiter in resumed + closers { waiter.resume() }
            if finished { return }
        }
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
