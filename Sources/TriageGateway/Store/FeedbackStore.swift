import Foundation

/// Outcomes clients report about logged requests (`POST /v1/feedback`), one per (request, metric).
public protocol FeedbackStore: AnyObject, Sendable {
    /// Stores a feedback value for a logged request, once per (request, metric): a repeat
    /// replaces the value and keeps the first feedback id. Nil when no such request was logged
    /// (a record still queued is written first); `previous` is the value a repeat replaced.
    /// Durable when it returns: feedback is rare and must not be lost.
    func recordFeedback(
        requestID: String, metric: String, value: Double, episodeID: String?, comment: String?, at time: Date
    ) async throws(StoreError) -> (id: String, previous: Double?)?

    /// The feedback stored for a request, by metric: (feedback id, value).
    func feedback(requestID: String) async throws(StoreError) -> [String: (id: String, value: Double)]
}

extension FeedbackStore {
    /// Feedback received now.
    public func recordFeedback(
        requestID: String, metric: String, value: Double, episodeID: String?, comment: String?
    ) async throws(StoreError) -> (id: String, previous: Double?)? {
        try await recordFeedback(requestID: requestID, metric: metric, value: value, episodeID: episodeID, comment: comment, at: Date())
    }
}
