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
        if let retryAfter {
            headers[TriageHeaders.retryAfter] = String(max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0)))
        }
        return Response(
            status: HTTPResponse.Status(code: kind.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.jsonBytes()))
        )
    }
}
