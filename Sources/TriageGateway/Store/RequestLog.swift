import Foundation

/// The request log: one record per request, queued on the request path and written in batches
/// off it.
///
/// `record` must return at once whatever the database is doing (it only appends to a bounded
/// queue, dropping and counting when full); everything else may wait for the database.
public protocol RequestLog: AnyObject, Sendable {
    /// Queues a record for writing; false when the queue is full (or closed) and it was dropped.
    @discardableResult
    func record(_ record: RequestRecord) -> Bool

    /// Returns once every record queued before the call is written (or failed).
    func flushed() async

    /// Writes what is queued and stops the writer; later records are dropped.
    func shutdown() async

    /// Counters for metrics: written, dropped because the queue was full, lost to write errors,
    /// and waiting now.
    var counts: (written: Int, dropped: Int, failed: Int, queued: Int) { get }

    /// The stored record with this id, if it has been written.
    func request(id: String) async throws(StoreError) -> RequestRecord?
}
