/// A `POST /v1/feedback` body: an outcome a client reports about one of its requests.
public struct FeedbackRequest: Sendable, Equatable {
    /// The `x-triage-request-id` of the request judged.
    public let requestID: String
    /// A metric the config declares.
    public let metric: String
    /// The reported value; booleans arrive as `.bool`, numbers as `.number`.
    public let value: JSONValue
    /// The client's conversation or task id, when it has one.
    public let episodeID: String?
    public let comment: String?

    public static let maxCommentLength = 4_096
}

extension FeedbackRequest: JSONRequestBody {
    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        requestID = try r.requiredString("request_id")
        guard !requestID.isEmpty else { throw .invalidValue("request_id", "must not be empty") }
        metric = try r.requiredString("metric")
        guard !metric.isEmpty else { throw .invalidValue("metric", "must not be empty") }
        let value = try r.required("value")
        switch value {
        case .bool, .number, .integer: self.value = value
        default: throw .invalidType("value", expected: "a boolean or a number", got: value)
        }
        episodeID = try r.string("episode_id")
        comment = try r.string("comment")
        if let comment, comment.count > Self.maxCommentLength {
            throw .invalidValue("comment", "must be at most \(Self.maxCommentLength) characters")
        }
        for key in r.object.keys where !["request_id", "metric", "value", "episode_id", "comment"].contains(key) {
            throw RequestValidationError(message: "Unrecognized request argument supplied: '\(key)'.", param: key, code: "unknown_parameter")
        }
    }
}
