/// A message's `content`: a plain string or a list of parts.
public enum MessageContent: Sendable, Hashable {
    case text(String)
    case parts([ContentPart])

    /// The text parts joined by newlines (images and other parts contribute nothing).
    public var text: String {
        switch self {
        case .text(let s): s
        case .parts(let parts): parts.compactMap(\.text).joined(separator: "\n")
        }
    }
}

extension MessageContent {
    /// Reads and validates a `content` value at `path`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        switch json {
        case .string(let s):
            self = .text(s)
        case .array(let items):
            var parts: [ContentPart] = []
            parts.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                parts.append(try ContentPart(json: item, path: "\(path)[\(k)]"))
            }
            self = .parts(parts)
        default:
            throw .invalidType(path, expected: "a string or an array of content parts", got: json)
        }
    }
}
