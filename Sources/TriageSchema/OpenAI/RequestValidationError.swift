/// Why a request body was refused, worded and keyed like OpenAI's 400 errors.
public struct RequestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the field, e.g. "Invalid value for 'temperature': must be between 0 and 2."
    public var message: String
    /// The field at fault in OpenAI's path notation (`messages[2].role`), nil for the body as a whole.
    public var param: String?
    /// OpenAI's machine-readable code (`missing_required_parameter`, `invalid_type`, ...).
    public var code: String?

    /// An error with this message, field and code.
    public init(message: String, param: String?, code: String?) {
        self.message = message
        self.param = param
        self.code = code
    }

    public var description: String { message }

    /// The 400 body to send back.
    public var errorBody: OpenAIErrorBody {
        OpenAIErrorBody(kind: .invalidRequest, message: message, param: param, code: code)
    }
}

extension RequestValidationError {
    /// The body is not JSON at all.
    static func malformedJSON(_ error: JSONParseError) -> Self {
        Self(
            message: "We could not parse the JSON body of your request (\(error)). "
                + "The API expects a JSON object with 'Content-Type: application/json'.",
            param: nil, code: nil)
    }

    /// A required field is absent.
    static func missing(_ path: String) -> Self {
        Self(message: "'\(path)' is a required property.", param: path, code: "missing_required_parameter")
    }

    /// A field has the wrong JSON type.
    static func invalidType(_ path: String, expected: String, got value: JSONValue) -> Self {
        let name = path.isEmpty ? "request body" : "'\(path)'"
        return Self(
            message: "Invalid type for \(name): expected \(expected), but got \(value.typeDescription) instead.",
            param: path.isEmpty ? nil : path, code: "invalid_type")
    }

    /// A field has the right type but an unacceptable value.
    static func invalidValue(_ path: String, _ reason: String) -> Self {
        Self(message: "Invalid value for '\(path)': \(reason).", param: path, code: "invalid_value")
    }

    /// An array that must not be empty is.
    static func emptyArray(_ path: String) -> Self {
        Self(
            message: "Invalid '\(path)': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            param: path, code: "empty_array")
    }
}
