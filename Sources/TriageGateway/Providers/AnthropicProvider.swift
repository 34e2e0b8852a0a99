import AsyncHTTPClient
import Foundation
import NIOHTTP1
import TriageSchema

/// Calls Anthropic's Messages API, translating the OpenAI request on the way up and the
/// answer (whole or streamed) on the way back, so the rest of the gateway sees only OpenAI shapes.
public struct AnthropicProvider: ChatProvider {
    private let upstream: HTTPUpstream
    private let translator: AnthropicRequestTranslator

    /// - Parameters:
    ///   - client: the HTTP client; the default, process-wide one needs no shutdown.
    ///   - environment: where `env:NAME` keys are looked up (tests inject their own).
    ///   - defaultMaxTokens: `max_tokens` for requests without one, which Anthropic requires.
    public init(
        client: HTTPClient = .gateway,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultMaxTokens: Int = 4096
    ) {
        upstream = HTTPUpstream(client: client, environment: environment)
        translator = AnthropicRequestTranslator(defaultMaxTokens: defaultMaxTokens)
    }

    /// The URL, headers and translated body of one call.
    private func prepare(_ request: ChatCompletionRequest, _ deployment: Deployment, stream: Bool) throws(UpstreamFailure) -> (url: String, headers: HTTPHeaders, body: [UInt8]) {
        guard case let .anthropic(s) = deployment.provider else {
            throw .badRequest(status: 500, message: "deployment \(deployment.id) is not an Anthropic deployment")
        }
        var headers: HTTPHeaders = ["anthropic-version": s.apiVersion]
        if let key = try upstream.secret(s.apiKey) { headers.add(name: "x-api-key", value: key) }
        let body: [UInt8]
        do {
            body = try translator.bodyBytes(for: request, model: deployment.model, stream: stream)
        } catch {
            // A request Anthropic cannot express (n > 1, a non-function tool) is the client's error.
            throw .badRequest(status: 400, message: "\(error)")
        }
        return (OpenAICompatibleProvider.join(s.baseURL, "/v1/messages"), headers, body)
    }

    public func complete(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> UpstreamAnswer {
        let (url, headers, body) = try prepare(request, deployment, stream: false)
        let response = try await upstream.post(url: url, headers: headers, body: body, deadline: timeout)
        let bytes = try await HTTPUpstream.collect(response)
        do {
            return UpstreamAnswer(try ChatCompletion(anthropic: bytes.readableBytesView, created: Int(Date().timeIntervalSince1970)))
        } catch {
            // A 2xx whose body is not a message: nothing to retry against, the answer is unusable.
            throw .malformedResponse(error.message)
        }
    }

    public func stream(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        HTTPUpstream.stream { [self] continuation throws(UpstreamFailure) in
            let (url, headers, body) = try prepare(request, deployment, stream: true)
            let response = try await upstream.post(url: url, headers: headers, body: body, deadline: timeout)
            // Usage is always emitted: the gateway bills from it and strips it when not asked for.
            var translator = AnthropicStreamTranslator(created: Int(Date().timeIntervalSince1970), includeUsage: true)
            _ = try await HTTPUpstream.forEachEvent(in: response) { event throws(UpstreamFailure) in
                do throws(AnthropicError) {
                    for chunk in try translator.translate(event) { continuation.yield(chunk) }
                } catch {
                    throw Self.failure(error)
                }
                return !translator.isComplete
            }
            guard translator.isComplete else {
                throw .connection("Anthropic closed the stream before message_stop")
            }
        }
    }

    /// The failure for an error Anthropic reported in a stream, classified like a response
    /// with the status its type implies (`overloaded_error` → 503, retryable).
    private static func failure(_ error: AnthropicError) -> UpstreamFailure {
        HTTPUpstream.classify(status: error.status, type: error.type, code: nil, message: error.message)
    }
}
