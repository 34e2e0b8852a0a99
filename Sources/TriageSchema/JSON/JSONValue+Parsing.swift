extension JSONValue {
    /// Deepest nesting of arrays and objects accepted by default; far beyond any real request.
    public static let defaultMaxDepth = 256

    /// Parses a complete JSON document from UTF-8 bytes, keeping key order and exact integers.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        let result = Self.withBuffer(bytes) { p -> Result<JSONValue, JSONParseError> in
            var parser = JSONParser(bytes: p, maxDepth: maxDepth)
            do throws(JSONParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses a JSON document from a string.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), maxDepth: maxDepth)
    }

    /// The value of member `name` of a top-level object, parsing only that member and skipping
    /// the rest; nil when absent or when the bytes are not a well-formed object up to that point.
    public static func topLevelMember(_ name: String, in bytes: some Collection<UInt8>) -> JSONValue? {
        withBuffer(bytes) { p in
            var parser = JSONParser(bytes: p, maxDepth: defaultMaxDepth)
            return try? parser.topLevelMember(named: name)
        }
    }

    /// The members `names` of a top-level object, in that order (nil where absent), after
    /// checking that the bytes are one complete object; the other members are stepped over
    /// without being built.
    public static func selectedMembers(_ names: [String], in bytes: some Collection<UInt8>) throws(JSONParseError) -> [JSONValue?] {
        let result = withBuffer(bytes) { p -> Result<[JSONValue?], JSONParseError> in
            var parser = JSONParser(bytes: p, maxDepth: defaultMaxDepth)
            do throws(JSONParseError) {
                return .success(try parser.selectedMembers(names))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Runs `body` over contiguous bytes, copying only when the collection is not contiguous.
    private static func withBuffer<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = bytes.withContiguousStorageIfAvailable(body) { return r }
        return Array(bytes).withUnsafeBufferPointer(body)
    }
}
