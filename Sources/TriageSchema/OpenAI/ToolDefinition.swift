/// A tool the client offers the model: `{type: "function", function: {name, description?, parameters?, strict?}}`.
public struct ToolDefinition: Sendable, Hashable {
    /// `function`, or a newer tool type passed through untouched.
    public var type: String
    /// The function, for `type == "function"`.
    public var function: Function?
    /// The tool exactly as sent, for passthrough.
    public var raw: JSONObject

    /// A function the model may call.
    public struct Function: Sendable, Hashable {
        /// The name the model calls it by.
        public var name: String
        /// What the function does, for the model to read.
        public var description: String?
        /// The JSON Schema of the arguments object.
        public var parameters: JSONValue?
        /// Whether the model must follow the schema exactly.
        public var strict: Bool?

        /// A function tool.
        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }
}

extension ToolDefinition {
    /// Reads and validates `tools[index]`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        let r = try FieldReader(json, path: path)
        type = try r.requiredString("type")
        raw = r.object
        guard type == "function" else {
            function = nil
            return
        }
        guard let f = try r.object("function") else { throw .missing(r.path("function")) }
        let name = try f.requiredString("name")
        guard !name.isEmpty else { throw .invalidValue(f.path("name"), "must not be empty") }
        if let p = f.value("parameters"), p.objectValue == nil {
            throw .invalidType(f.path("parameters"), expected: "an object", got: p)
        }
        function = Function(
            name: name, description: try f.string("description"),
            parameters: f.value("parameters"), strict: try f.bool("strict"))
    }
}
