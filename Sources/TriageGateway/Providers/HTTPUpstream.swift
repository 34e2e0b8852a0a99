import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TriageSchema

/// The HTTP plumbing the real providers share: sending a JSON POST, turning a failed response
/// into a classified `UpstreamFailure`, reading SSE from a body as it arrives, and running a
/// stream as a task that a client disconnect cancels.
struct HTTPUpstream: Sendable {
    /// Largest non-streaming body (answer or error) read into memory; far above real answers.
    static let maxBodyBytes = 16 << 20

    let client: HTTPClient
    let environment: [String: String]

    /// The secret behind `reference`, or nil when the deployment has none. A missing variable
    /// is an authentication failure naming the variable, so the cause is obvious in logs.
    func secret(_ reference: SecretReference?) throws(UpstreamFailure) -> String? {
        guard let reference else { return nil }
        do {
            return try reference.resolve(in: environment)
        } catch {
            throw .authentication(status: 401, message: "\(error.description); set it to the upstream's API key")
        }
    }

    /// POSTs `body` and returns the response once its head arrived with a 2xx status; anything
    /// else is read (bounded) and classified. `deadline` bounds the whole exchange, body included.
    func post(url: String, headers: HTTPHeaders, body: [UInt8], deadline: Duration) async throws(UpstreamFailure) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = headers
        request.headers.replaceOrAdd(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: Self.timeAmount(deadline))
        } catch {
            throw Self.transportFailure(error)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let bytes = (try? await response.body.collect(upTo: 64 << 10)).map { Array($0.readableBytesView) } ?? []
            throw Self.failure(status: Int(response.status.code), headers: response.headers, body: bytes)
        }
        return response
    }

    /// The whole body of a successful response.
    static func collect(_ response: HTTPClientResponse) async throws(UpstreamFailure) -> ByteBuffer {
        do {
            return try await response.body.collect(upTo: maxBodyBytes)
        } catch {
            throw transportFailure(error)
        }
    }

    /// Feeds the body to an SSE parser as bytes arrive and hands each event to `handle`, which
    /// returns false to stop reading (OpenAI's `[DONE]`). Returns whether `handle` stopped it,
    /// so a caller can tell a finished stream from one the upstream cut short.
    static func forEachEvent(
        in response: HTTPClientResponse,
        _ handle: (SSEEvent) throws(UpstreamFailure) -> Bool
    ) async throws(UpstreamFailure) -> Bool {
        var parser = SSEParser()
        do {
            for try await buffer in response.body {
                for event in try parser.feed(buffer.readableBytesView) where try !handle(event) { return true }
            }
            for event in try parser.finish() where try !handle(event) { return true }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch let error as SSEError {
            throw .malformedResponse("unreadable event stream: \(error)")
        } catch {
            throw transportFailure(error)
        }
        return false
    }

    /// A chunk stream fed by `produce` in a task; ending the stream (a client disconnect)
    /// cancels the task and with it the upstream request.
    static func stream(
        _ produce: @escaping @Sendable (AsyncThrowingStream<ChatCompletionChunk, any Error>.Continuation) async throws(UpstreamFailure) -> Void
    ) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do throws(UpstreamFailure) {
                    try await produce(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Decodes a JSON body the OpenAI way, or fails as malformed.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(UpstreamFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw .malformedResponse("\(T.self) could not be decoded: \(String(decoding: bytes.prefix(120), as: UTF8.self))")
        }
    }

    // MARK: Classification

    /// The failure for an error response. Reads both OpenAI's `{"error": {message, type, code}}`
    /// and Anthropic's `{"type": "error", "error": {type, message}}`: they share `error.message`
    /// and `error.type`, so one reader serves every provider.
    static func failure(status: Int, headers: HTTPHeaders, body: [UInt8], now: Date = Date()) -> UpstreamFailure {
        let error = (try? JSONValue(parsing: body))?["error"]
        let message = error?["message"]?.stringValue
            ?? (body.isEmpty ? "HTTP \(status)" : String(decoding: body.prefix(200), as: UTF8.self))
        let code = error?["code"]?.stringValue
        return classify(status: status, type: error?["type"]?.stringValue, code: code, message: message,
                        retryAfter: retryAfter(headers, now: now))
    }

    /// The class of a failure from its status and the provider's error type and code.
    static func classify(status: Int, type: String?, code: String?, message: String, retryAfter: Duration? = nil) -> UpstreamFailure {
        switch status {
        case 429: return .rateLimited(retryAfter: retryAfter)
        case 500...: return .serverError(status: status, message: message)  // 529 (Anthropic overloaded) included
        case 401, 403: return .authentication(status: status, message: message)
        default: break
        }
        if code == "context_length_exceeded" || (type == "invalid_request_error" && mentionsContextLimit(message)) {
            return .contextWindowExceeded(message)
        }
        if code == "content_filter" || code == "content_policy_violation" {
            return .contentPolicy(message)
        }
        return .badRequest(status: status, message: message)
    }

    /// Anthropic has no error code for an over-long prompt, only the wording of its message.
    private static func mentionsContextLimit(_ message: String) -> Bool {
        let m = message.lowercased()
        return ["prompt is too long", "context length", "context window", "maximum context", "max_tokens", "max tokens"]
            .contains { m.contains($0) }
    }

    /// How long the upstream asked to wait: `retry-after-ms` (OpenAI's precise form) first,
    /// then `retry-after` as seconds or an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let ms = Double(text.trimmingCharacters(in: .whitespaces)), ms >= 0 {
            return bounded(milliseconds: ms)
        }
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds >= 0 { return bounded(milliseconds: seconds * 1000) }
        guard let date = httpDate(text) else { return nil }
        return bounded(milliseconds: max(0, date.timeIntervalSince(now)) * 1000)
    }

    /// An upstream's wait, at most a day: `1e300` or `inf` from a broken upstream must not
    /// overflow a Duration (which traps); anything over the retry cap is refused anyway.
    private static func bounded(milliseconds ms: Double) -> Duration? {
        guard !ms.isNaN else { return nil }
        return .milliseconds(min(ms, 86_400_000))
    }

    /// An IMF-fixdate such as `Wed, 21 Oct 2015 07:28:00 GMT`, the form RFC 9110 requires senders use.
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// The failure for an error thrown while connecting, sending or reading.
    static func transportFailure(_ error: any Error) -> UpstreamFailure {
        if let failure = error as? UpstreamFailure { return failure }
        if error is CancellationError { return .connection("cancelled") }
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .timeout("upstream \(http)")
            case .cancelled: return .connection("cancelled")
            default: return .connection("\(http)")
            }
        }
        return .connection("\(error)")
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        let (seconds, attoseconds) = d.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
