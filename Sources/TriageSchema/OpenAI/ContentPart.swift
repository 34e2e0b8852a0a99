/// One element of an array-valued message `content`.
public enum ContentPart: Sendable, Hashable {
    /// `{type: "text", text}`.
    case text(String)
    /// `{type: "image_url", image_url: {url, detail?}}`; `url` may be an `https:` or `data:` URL.
    case imageURL(url: String, detail: String?)
    /// Another part type (`input_audio`, `file`, `refusal`, ...), kept whole for passthrough.
    case other(type: String, JSONObject)

    /// The text of a text part, nil otherwise.
    public var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }
}

extension ContentPart {
    /// Reads and validates a content part at `path`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        let r = try FieldReader(json, path: path)
        let type = try r.requiredString("type")
        switch type {
        case "text":
            self = .text(try r.requiredString("text"))
        case "image_url":
            guard let image = try r.object("image_url") else { throw .missing(r.path("image_url")) }
            self = .imageURL(url: try image.requiredString("url"), detail: try image.string("detail"))
        default:
            self = .other(type: type, r.object)
        }
    }
}
