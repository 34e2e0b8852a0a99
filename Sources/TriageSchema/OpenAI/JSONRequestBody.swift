/// A client request that validates an already-parsed JSON body; parsing the raw bytes is then
/// the same for every request type.
public protocol JSONRequestBody: Sendable {
    /// Validates a parsed body, naming the offending field when it is wrong.
    init(json: JSONValue) throws(RequestValidationError)
}

extension JSONRequestBody {
    /// Parses and validates a raw request body.
    public init(body bytes: some Collection<UInt8>) throws(RequestValidationError) {
        let json: JSONValue
        do throws(JSONParseError) {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedJSON(error)
        }
        try self.init(json: json)
    }
}
