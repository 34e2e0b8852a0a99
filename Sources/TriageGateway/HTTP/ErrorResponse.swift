import Hummingbird
import TriageSchema

/// The one place errors become HTTP responses: OpenAI's `{"error": {...}}` with its status.
enum ErrorResponse {
    static func make(
        _ kind: APIErrorKind, _ message: String, param: String? = nil, code: String? = nil,
        requestID: String?, retryAfter: Duration? = nil
    ) -> Response {
        let body = OpenAIErrorBody(kind: kind, message: message, param: param, code: code)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let requestID { headers[TriageHeaders.requestID] = requestID }
        // The OpenAI SDKs retry 429s unless told not to; a spent budget does not refill by retrying.
        if !kind.isRetryable, kind.status == 429 { headers[TriageHeaders.shouldRetry] = "false" }
        if let retryAfter {
            headers[TriageHeaders.retryAfter] = String(max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0)))
        }
        return Response(
            status: HTTPResponse.Status(code: kind.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.jsonBytes()))
        )
    }

    /// A request no deployment could answer: counted under its group, answered by the one rule
    /// in `ExecutionFailure.kind`, with `Retry-After` when only rate limits stood in the way.
    static func failed(_ failure: ExecutionFailure, group: ModelGroup, requestID: String, metrics: GatewayMetrics) -> Response {
        let kind = failure.kind
        if kind == .budgetExceeded { metrics.registry.increment(GatewayMetrics.denials, .init(["reason": "budget"])) }
        metrics.registry.increment(GatewayMetrics.requests, .init(["model_group": group.name, "deployment": "", "status": String(kind.status)]))
        return make(kind, failure.message, code: failure.code, requestID: requestID, retryAfter: kind == .rateLimited ? failure.retryAfter : nil)
    }
}
