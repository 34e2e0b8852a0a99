/// `POST /key/delete`: `{"keys": [...]}`, each the secret or its token.
public struct KeyDeleteRequest: Sendable, Equatable, JSONRequestBody {
    public var keys: [String]

    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        try r.refuseUnknown(["keys"])
        guard let list = try r.array("keys") else { throw .missing("keys") }
        guard !list.isEmpty else { throw .emptyArray("keys") }
        keys = try list.enumerated().map { i, v throws(RequestValidationError) in
            guard case .string(let s) = v else { throw .invalidType("keys[\(i)]", expected: "a string", got: v) }
            return s
        }
    }
}
