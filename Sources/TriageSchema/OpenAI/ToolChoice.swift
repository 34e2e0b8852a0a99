/// How the model may use the offered tools.
public enum ToolChoice: Sendable, Hashable {
    /// `"none"`: answer in text. Not named `none`, which would read as `Optional.none`.
    case disabled
    /// `"auto"`: the model decides.
    case auto
    /// `"required"`: call at least one tool.
    case required
    /// `{type: "function", function: {name}}`: call this one.
    case function(name: String)
    /// A newer form (e.g. `allowed_tools`), passed through to OpenAI-compatible upstreams.
    case other(JSONObject)
}

extension ToolChoice {
    /// Reads and validates `tool_choice`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        switch json {
        case .string("none"): self = .disabled
        case .string("auto"): self = .auto
        case .string("required"): self = .required
        case .string(let s):
            throw .invalidValue(path, "'\(s)' is not one of 'none', 'auto', 'required'")
        case .object:
            let r = try FieldReader(json, path: path)
            let type = try r.requiredString("type")
            guard type == "function" else {
                self = .other(r.object)
                return
            }
            guard let f = try r.object("function") else { throw .missing(r.path("function")) }
            self = .function(name: try f.requiredString("name"))
        default:
            throw .invalidType(path, expected: "a string or an object", got: json)
        }
    }
}
