/// A `POST /v1/embeddings` body: the raw object plus validated views.
public struct EmbeddingRequest: Sendable {
    /// What to embed: OpenAI accepts text, a list of texts, or pre-tokenized input.
    public enum Input: Sendable, Hashable {
        case text(String)
        case texts([String])
        case tokens([Int])
        case tokenLists([[Int]])

        /// How many embeddings the response will hold.
        public var count: Int {
            switch self {
            case .text, .tokens: 1
            case .texts(let t): t.count
            case .tokenLists(let t): t.count
            }
        }
    }

    /// The request exactly as parsed.
    public let body: JSONObject
    /// The requested (logical) model name.
    public let model: String
    /// What to embed.
    public let input: Input
    /// `float` (default) or `base64`.
    public let encodingFormat: String?
    /// The requested vector size, for models that can shorten theirs.
    public let dimensions: Int?
    /// The end-user id the client passed.
    public let user: String?

    /// A rough input size: UTF-8 bytes / 4 for text (as `ChatCompletionRequest.estimatedPromptTokens`), the count for tokens.
    public var estimatedPromptTokens: Int {
        switch input {
        case .text(let s): (s.utf8.count + 3) / 4
        case .texts(let t): t.reduce(0) { $0 + ($1.utf8.count + 3) / 4 }
        case .tokens(let t): t.count
        case .tokenLists(let t): t.reduce(0) { $0 + $1.count }
        }
    }

    /// The body for an OpenAI-compatible upstream, `model` replaced and all else untouched.
    public func upstreamBody(model: String) -> JSONObject {
        var out = body
        out["model"] = .string(model)
        return out
    }
}

extension EmbeddingRequest: JSONRequestBody {
    /// Validates an already-parsed body.
    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        body = r.object
        model = try r.requiredString("model")
        input = try Self.input(try r.required("input"))
        encodingFormat = try r.string("encoding_format")
        if let f = encodingFormat, f != "float", f != "base64" {
            throw .invalidValue("encoding_format", "'\(f)' is not one of 'float', 'base64'")
        }
        dimensions = try r.int("dimensions", in: 1...Int.max)
        user = try r.string("user")
    }

    private static func input(_ v: JSONValue) throws(RequestValidationError) -> Input {
        let expected = "a string, an array of strings, or an array of token arrays"
        switch v {
        case .string(let s): return .text(s)
        case .array(let items):
            guard let first = items.first else { throw .emptyArray("input") }
            switch first {
            case .string:
                return .texts(try items.enumerated().map { k, item throws(RequestValidationError) in
                    guard case .string(let s) = item else { throw .invalidType("input[\(k)]", expected: "a string", got: item) }
                    return s
                })
            case .integer:
                return .tokens(try tokens(items, path: "input"))
            case .array:
                return .tokenLists(try items.enumerated().map { k, item throws(RequestValidationError) in
                    guard case .array(let inner) = item else { throw .invalidType("input[\(k)]", expected: "an array of integers", got: item) }
                    return try tokens(inner, path: "input[\(k)]")
                })
            default:
                throw .invalidType("input[0]", expected: "a string, an integer, or an array of integers", got: first)
            }
        default:
            throw .invalidType("input", expected: expected, got: v)
        }
    }

    private static func tokens(_ items: [JSONValue], path: String) throws(RequestValidationError) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            guard case .integer(let t) = item, let i = Int(exactly: t), i >= 0 else {
                throw .invalidType("\(path)[\(k)]", expected: "a non-negative integer token", got: item)
            }
            out.append(i)
        }
        return out
    }
}
