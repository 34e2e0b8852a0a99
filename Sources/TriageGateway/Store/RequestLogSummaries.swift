import Foundation

/// The request log read back as the report's telemetry sections (the live dashboard).
public protocol RequestLogSummaries: AnyObject, Sendable {
    /// Where the log is, for people: a file path, or a PostgreSQL URL without its password.
    var location: String { get }

    /// Summarises the requests (and their feedback) made in [`start`, `end`). Runs off the
    /// server's event loops: a long log takes a while to scan.
    func summary(from start: Date, to end: Date) async throws(StoreError) -> TelemetrySummary
}
