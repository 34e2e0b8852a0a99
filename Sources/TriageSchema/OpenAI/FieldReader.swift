/// Reads typed members of one JSON object during validation, naming each by its full path so
/// errors point at `messages[2].content[0].text` rather than at "the request".
///
/// An explicit `null` reads as absent: OpenAI accepts `"temperature": null` as "not given", and
/// SDKs that serialize unset options as `None` rely on that.
struct FieldReader {
    let object: JSONObject
    /// Path of this object; empty for the request body.
    let path: String

    /// A reader over `value`, which must be an object.
    init(_ value: JSONValue, path: String) throws(RequestValidationError) {
        guard case .object(let o) = value else {
            throw .invalidType(path, expected: "an object", got: value)
        }
        object = o
        self.path = path
    }

    /// The full path of member `key`.
    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Refuses any member not in `allowed`, for the gateway's own objects (`triage`, `cache`):
    /// a misspelt setting that silently did nothing would act otherwise than the client believes.
    func refuseUnknownMembers(_ allowed: [String]) throws(RequestValidationError) {
        for key in object.keys where !allowed.contains(key) {
            throw RequestValidationError(
                message: "Unrecognized request argument supplied: '\(path(key))'. The '\(path)' object accepts \(allowed.map { "'\($0)'" }.joined(separator: ", ")).",
                param: path(key), code: "unknown_parameter")
        }
    }

    /// The member, or nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    func required(_ key: String) throws(RequestValidationError) -> JSONValue {
        guard let v = value(key) else { throw .missing(path(key)) }
        return v
    }

    func string(_ key: String) throws(RequestValidationError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw .invalidType(path(key), expected: "a string", got: v) }
        return s
    }

    func requiredString(_ key: String) throws(RequestValidationError) -> String {
        guard let s = try string(key) else { throw .missing(path(key)) }
        return s
    }

    func bool(_ key: String) throws(RequestValidationError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw .invalidType(path(key), expected: "a boolean", got: v) }
        return b
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(RequestValidationError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue else { throw .invalidType(path(key), expected: "an integer", got: v) }
        guard range.contains(i) else {
            let bound = range.upperBound == .max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw .invalidValue(path(key), "must be \(bound), but got \(i)")
        }
        return i
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws(RequestValidationError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else { throw .invalidType(path(key), expected: "a number", got: v) }
        guard range.contains(d) else {
            // A range open above (λ's) has no upper bound worth printing.
            let bound = range.upperBound == .greatestFiniteMagnitude
                ? "at least \(Self.trim(range.lowerBound))" : "between \(Self.trim(range.lowerBound)) and \(Self.trim(range.upperBound))"
            throw .invalidValue(path(key), "must be \(bound)")
        }
        return d
    }

    func array(_ key: String) throws(RequestValidationError) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case .array(let a) = v else { throw .invalidType(path(key), expected: "an array", got: v) }
        return a
    }

    func object(_ key: String) throws(RequestValidationError) -> FieldReader? {
        guard let v = value(key) else { return nil }
        return try FieldReader(v, path: path(key))
    }

    /// "2" rather than "2.0" in messages about bounds; a whole number too large for `Int`
    /// (which would trap converting) prints as Swift writes it.
    private static func trim(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
