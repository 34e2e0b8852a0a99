/// The body's gateway-only `triage` object: per-request settings for a routed model, sent from
/// the OpenAI SDK as `extra_body={"triage": {...}}`.
///
///     {"threshold": 0.4}   a threshold on strong_win for this request (threshold and
///                          target_share policies; the share controller does not count it)
///     {"lambda": 50}       λ for this request (cost_aware policies)
///
/// Unknown members are refused rather than ignored: a misspelt override that silently did
/// nothing would route differently from what the client believes.
public struct RoutingOverride: Sendable, Equatable {
    public var threshold: Double?
    public var lambda: Double?

    public static let members = ["threshold", "lambda"]

    public init(threshold: Double? = nil, lambda: Double? = nil) {
        self.threshold = threshold
        self.lambda = lambda
    }

    init(_ r: FieldReader) throws(RequestValidationError) {
        for key in r.object.keys where !Self.members.contains(key) {
            throw RequestValidationError(
                message: "Unrecognized request argument supplied: '\(r.path(key))'. The 'triage' object accepts \(Self.members.map { "'\($0)'" }.joined(separator: " and ")).",
                param: r.path(key), code: "unknown_parameter")
        }
        threshold = try r.double("threshold", in: 0...1)
        lambda = try r.double("lambda", in: 0...Double.greatestFiniteMagnitude)
    }

    public var isEmpty: Bool { threshold == nil && lambda == nil }
}
