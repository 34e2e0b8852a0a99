/// A function call the assistant made: `{id, type: "function", function: {name, arguments}}`.
public struct ToolCall: Sendable, Hashable {
    /// The call's id, echoed back by the `tool` message that answers it.
    public var id: String
    /// Always `function` today.
    public var type: String
    /// The function and its arguments.
    public var function: FunctionCall

    /// A function call; `arguments` is the JSON-encoded argument object.
    public init(id: String, name: String, arguments: String, type: String = "function") {
        self.id = id
        self.type = type
        self.function = FunctionCall(name: name, arguments: arguments)
    }

    /// The name and arguments of a called function.
    public struct FunctionCall: Sendable, Hashable, Codable {
        /// The function's name.
        public var name: String
        /// The arguments as a JSON string, exactly as the model wrote them (it may be invalid JSON).
        public var arguments: String

        /// A call of `name` with JSON-encoded `arguments`.
        public init(name: String, arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }
}

extension ToolCall: Codable {}

extension ToolCall {
    /// Reads and validates a tool call at `path`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        let r = try FieldReader(json, path: path)
        let type = try r.string("type") ?? "function"
        guard type == "function" else {
            throw .invalidValue(r.path("type"), "expected 'function', but got '\(type)'")
        }
        guard let f = try r.object("function") else { throw .missing(r.path("function")) }
        self.init(
            id: try r.requiredString("id"),
            name: try f.requiredString("name"),
            arguments: try f.requiredString("arguments"),
            type: type)
    }
}
