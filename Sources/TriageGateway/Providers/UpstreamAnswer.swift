import NIOCore
import TriageSchema

/// A finished non-streaming answer in OpenAI's shape, kept as the bytes the client receives.
///
/// An OpenAI-compatible upstream's body is forwarded as it came, after one validating pass that
/// builds only `choices` and `usage`: decoding every answer into a `ChatCompletion` and encoding
/// it again was the largest share of the gateway's own CPU per request.
public struct UpstreamAnswer: Sendable {
    /// The response body for the client.
    public let body: ByteBuffer
    /// Token counts for billing; nil when the upstream reported none.
    public let usage: Usage?

    /// An OpenAI-compatible upstream's body, accepted when it is one complete JSON object with
    /// a `choices` array (a 2xx carrying anything else is a malformed answer, worth another try).
    public init(openAIBody body: ByteBuffer) throws(UpstreamFailure) {
        let members: [JSONValue?]
        do {
            members = try JSONValue.selectedMembers(["choices", "usage"], in: body.readableBytesView)
        } catch {
            let start = String(decoding: body.readableBytesView.prefix(120), as: UTF8.self)
            throw .malformedResponse("the answer is not a complete JSON object (\(error)): \(start)")
        }
        guard members[0]?.arrayValue != nil else { throw .malformedResponse("the answer has no choices") }
        self.body = body
        self.usage = members[1].flatMap(Usage.init(json:))
    }

    /// An answer made here: simulated, or translated from another provider's API.
    public init(_ completion: ChatCompletion) {
        body = ByteBuffer(bytes: completion.jsonBytes())
        usage = completion.usage
    }

    /// The answer decoded, for the callers that read its content (verifiers, tests).
    public func completion() throws(UpstreamFailure) -> ChatCompletion {
        try HTTPUpstream.decode(ChatCompletion.self, from: body.readableBytesView)
    }
}
