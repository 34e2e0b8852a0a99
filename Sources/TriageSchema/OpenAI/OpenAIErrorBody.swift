/// The error body OpenAI sends: `{"error": {"message", "type", "param", "code"}}`.
public struct OpenAIErrorBody: Sendable, Hashable, Error {
    /// What went wrong and how to fix it.
    public var message: String
    /// The error class, e.g. `invalid_request_error`.
    public var type: String
    /// The request field at fault, e.g. `messages[2].role`; `null` when none.
    public var param: String?
    /// A machine-readable code, e.g. `model_not_found`; `null` when none.
    public var code: String?

    /// A body with every field given.
    public init(message: String, type: String, param: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    /// A body of this kind; `code` defaults to the kind's own.
    public init(kind: APIErrorKind, message: String, param: String? = nil, code: String? = nil) {
        self.init(message: message, type: kind.type, param: param, code: code ?? kind.code)
    }
}

extension OpenAIErrorBody: WireEncodable, Decodable {
    private enum Outer: String, CodingKey { case error }
    private enum Inner: String, CodingKey { case message, type, param, code }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Outer.self).nestedContainer(keyedBy: Inner.self, forKey: .error)
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "api_error"
        param = try c.decodeIfPresent(String.self, forKey: .param)
        // Some providers send numeric codes; keep them as text rather than failing.
        if let s = try? c.decodeIfPresent(String.self, forKey: .code) {
            code = s
        } else if let i = try? c.decodeIfPresent(Int.self, forKey: .code) {
            code = String(i)
        } else {
            code = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Outer.self)
        var c = outer.nestedContainer(keyedBy: Inner.self, forKey: .error)
        try c.encode(message, forKey: .message)
        try c.encode(type, forKey: .type)
        try c.encode(param, forKey: .param)  // explicit null, as OpenAI sends
        try c.encode(code, forKey: .code)
    }
}
