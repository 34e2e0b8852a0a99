import TriageSchema

/// What makes two requests the same question: SHA-256 over the group, who asks (unless the
/// group shares its cache across keys) and the body in canonical JSON (keys sorted, whole
/// numbers written alike), without the members that cannot change the answer.
///
/// Everything else stays in, unknown members too: a provider-specific parameter the gateway
/// has never heard of may well change the answer, and a needless miss costs far less than a
/// wrong hit.
struct ResponseCacheKey: Hashable, Sendable {
    /// 64 lowercase hex digits.
    let digest: String

    /// How the answer is delivered, who pays and where the gateway sends it; not what it says.
    static let ignoredMembers = Set(["model", "stream", "stream_options", "user"] + ChatCompletionRequest.gatewayOnlyFields)

    /// - Parameter identity: the key's token, or nil when the group shares its cache.
    init(_ request: ChatCompletionRequest, group: String, identity: String?) {
        var body = JSONObject()
        for (name, value) in request.body where !Self.ignoredMembers.contains(name) {
            body[name] = value
        }
        var text = group.utf8.count.description + ":" + group + "\n"
        text += (identity ?? "*") + "\n"
        text += String(decoding: Self.canonical(.object(body)).serialized(), as: UTF8.self)
        digest = SHA256.hex(text)
    }

    /// `value` with every object's keys in sorted order and integral numbers as integers, so
    /// `{"b":1.0,"a":2}` and `{"a":2,"b":1}` serialize alike.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(JSONObject(o.map { ($0.key, canonical($0.value)) }.sorted { $0.0 < $1.0 }))
        case .array(let a):
            return .array(a.map(canonical))
        case .number(let d) where d == d.rounded() && abs(d) < 9e15:
            return .integer(Int64(d))
        default:
            return value
        }
    }
}
