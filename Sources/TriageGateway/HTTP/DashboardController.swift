import Foundation
import Hummingbird
import TriageReport

/// `GET /dashboard[?hours=N]`: the report's telemetry sections over the last N hours (24 by
/// default) of the live request log, rendered on every load (master key only).
struct DashboardController: Sendable {
    let state: GatewayState
    let store: SQLiteTelemetryStore?

    func page(_ request: Request) -> Response {
        guard let store else {
            return ErrorResponse.make(.serviceUnavailable, "The dashboard reads the request log; set telemetry.path in the gateway config.", requestID: nil)
        }
        let text = request.uri.queryParameters["hours"].map(String.init) ?? "24"
        guard let hours = Double(text), hours > 0, hours <= 24 * 366 else {
            return ErrorResponse.make(.invalidRequest, "hours must be a number above 0 and at most 8784, not '\(text)'.", param: "hours", requestID: nil)
        }
        let now = Date()
        do throws(SQLiteError) {
            let summary = try TelemetrySummarizer.summarize(store, from: now.addingTimeInterval(-hours * 3_600), to: now)
            let document = ReportDocument(
                title: "Triage dashboard", subtitle: "The last \(text) hours of \(store.path)",
                generatedAt: TelemetrySummary.iso(now), sections: summary.reportSections(source: store.path))
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: document.html())))
        } catch {
            return ErrorResponse.make(.internalError, "The request log could not be read: \(error)", requestID: nil)
        }
    }
}
