import AsyncHTTPClient
import Foundation
import NIOHTTP1
import TriageSchema

/// Calls any server speaking OpenAI's Chat Completions API: OpenAI itself, vLLM, Ollama, and
/// Azure OpenAI (which differs only in its URL and key header). The client's body goes up
/// as sent, unknown fields included, with `model` replaced by the deployment's.
public struct OpenAICompatibleProvider: ChatProvider {
    let upstream: HTTPUpstream

    /// - Parameters:
    ///   - client: the HTTP client; the default, process-wide one needs no shutdown.
    ///   - environment: where `env:NAME` keys are looked up (tests inject their own).
    public init(client: HTTPClient = .gateway, environment: [String: String] = ProcessInfo.processInfo.environment) {
        upstream = HTTPUpstream(client: client, environment: environment)
    }

    /// The URL and auth header for a deployment's `path` (`/chat/completions`, `/embeddings`).
    func endpoint(_ deployment: Deployment, path: String = "/chat/completions") throws(UpstreamFailure) -> (url: String, headers: HTTPHeaders) {
        var headers = HTTPHeaders()
        switch deployment.provider {
        case let .openai(s):
            if let key = try upstream.secret(s.apiKey) { headers.add(name: "authorization", value: "Bearer \(key)") }
            return (Self.join(s.baseURL, path), headers)
        case let .azure(s):
            if let key = try upstream.secret(s.apiKey) { headers.add(name: "api-key", value: key) }
            let name = deployment.model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? deployment.model
            let version = s.apiVersion.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? s.apiVersion
            return (Self.join(s.baseURL, "/openai/deployments/\(name)\(path)?api-version=\(version)"), headers)
        default:
            throw .badRequest(status: 500, message: "deployment \(deployment.id) is not an OpenAI-compatible deployment")
        }
    }

    /// `base` + `path` with exactly one slash between, whether or not the config ends in one.
    static func join(_ base: URL, _ path: String) -> String {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text + path
    }

    public func complete(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) async throws(UpstreamFailure) -> UpstreamAnswer {
        let (url, headers) = try endpoint(deployment)
        let body = request.upstreamBodyBytes(model: deployment.model, stream: false)
        let response = try await upstream.post(url: url, headers: headers, body: body, deadline: timeout)
        return try UpstreamAnswer(openAIBody: try await HTTPUpstream.collect(response))
    }

    public func stream(_ request: ChatCompletionRequest, deployment: Deployment, timeout: Duration) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        HTTPUpstream.stream { [self] continuation throws(UpstreamFailure) in
            let (url, headers) = try endpoint(deployment)
            // Usage is always requested: the gateway bills from it and drops the chunk when the
            // client did not ask for it.
            let body = request.upstreamBodyBytes(model: deployment.model, stream: true, includeUsage: true)
            let response = try await upstream.post(url: url, headers: headers, body: body, deadline: timeout)
            let sawDone = try await HTTPUpstream.forEachEvent(in: response) { event throws(UpstreamFailure) in
                if event.isDone { return false }
                continuation.yield(try Self.chunk(event))
                return true
            }
            if !sawDone { throw .connection("the upstream closed the stream before data: [DONE]") }
        }
    }

    /// One `data:` event as a chunk. Some servers report a failure mid-stream as an error
    /// object in place of a chunk; that becomes the failure it describes.
    private static func chunk(_ event: SSEEvent) throws(UpstreamFailure) -> ChatCompletionChunk {
        let bytes = Array(event.data.utf8)
        if let error = JSONValue.topLevelMember("error", in: bytes), error.objectValue != nil {
            throw HTTPUpstream.failure(status: 500, headers: [:], body: bytes)
        }
        return try HTTPUpstream.decode(ChatCompletionChunk.self, from: bytes)
    }
}
