/// The body's gateway-only `triage` object: per-request settings for a routed model, sent from
/// the OpenAI SDK as `extra_body={"triage": {...}}`.
///
///     {"threshold": 0.4}   a threshold on strong_win for this request (threshold and
///                          target_share policies; the share controller does not count it)
///     {"lambda": 50}       λ for this request (cost_aware policies)
///     {"episode_id": "c1"} the conversation or task this request belongs to: a learning
///                          routed model keeps one candidate for a whole episode
///
/// Unknown members are refused rather than ignored: a misspelt override that silently did
/// nothing would route differently from what the client believes.
public struct RoutingOverride: Sendable, Equatable {
    public var threshold: Double?
    public var lambda: Double?
    public var episodeID: String?

    public static let members = ["threshold", "lambda", "episode_id"]

    public init(threshold: Double? = nil, lambda: Double? = nil, episodeID: String? = nil) {
        self.threshold = threshold
        self.lambda = lambda
        self.episodeID = episodeID
    }

    init(_ r: FieldReader) throws(RequestValidationError) {
        try r.refuseUnknownMembers(Self.members)
        threshold = try r.double("threshold", in: 0...1)
        lambda = try r.double("lambda", in: 0...Double.greatestFiniteMagnitude)
        episodeID = try r.string("episode_id")
        if let episodeID, episodeID.isEmpty || episodeID.utf8.count > 256 {
            throw .invalidValue(r.path("episode_id"), "must be 1 to 256 bytes")
        }
    }

    /// No threshold or λ override (an episode id alone changes no policy setting).
    public var isEmpty: Bool { threshold == nil && lambda == nil }
}
