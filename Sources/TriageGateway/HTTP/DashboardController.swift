import Foundation
import HTTPTypes
import Hummingbird
import TriageReport

/// `GET /dashboard[?hours=N]`: the report's telemetry sections over the last N hours (24 by
/// default) of the live request log, rendered on every load (master key only).
struct DashboardController: Sendable {
    let state: GatewayState
    let store: (any TelemetryStore)?

    /// The store scans off the server's event loops (see `RequestLogSummaries`): a long log
    /// takes a while.
    func page(_ request: Request) async -> Response {
        guard let store else {
            return ErrorResponse.make(.serviceUnavailable, "The dashboard reads the request log; name a store (store, or telemetry.path) in the gateway config.", requestID: nil)
        }
        let text = request.uri.queryParameters["hours"].map(String.init) ?? "24"
        guard let hours = Double(text), hours > 0, hours <= 24 * 366 else {
            return ErrorResponse.make(.invalidRequest, "hours must be a number above 0 and at most 8784, not '\(text)'.", param: "hours", requestID: nil)
        }
        let now = Date()
        let rendered: Result<String, StoreError>
        do throws(StoreError) {
            let summary = try await store.summary(from: now.addingTimeInterval(-hours * 3_600), to: now)
            let document = ReportDocument(
                title: "Triage dashboard", subtitle: "The last \(text) hours of \(store.location)",
                generatedAt: TelemetrySummary.iso(now), sections: summary.reportSections(source: store.location))
            rendered = .success(document.html())
        } catch {
            rendered = .failure(error)
        }
        switch rendered {
        case .success(let html):
            // Belt and braces: the page needs nothing but its own inline styles.
            let policy = HTTPField.Name("Content-Security-Policy")!
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                                   policy: "default-src 'none'; style-src 'unsafe-inline'"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        case .failure(let error):
            return ErrorResponse.make(.internalError, "The request log could not be read: \(error)", requestID: nil)
        }
    }
}
