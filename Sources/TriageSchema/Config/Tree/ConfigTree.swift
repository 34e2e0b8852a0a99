/// A parsed configuration document: the six JSON shapes, with object keys kept in file order.
///
/// Both the JSON reader and (elsewhere) the YAML reader for LiteLLM files produce this tree, so
/// config decoding and the LiteLLM importer depend on neither parser. Key order is kept so that
/// problems and unmapped keys are reported in the order a person reads the file.
public enum ConfigTree: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Every number, integer or not. Integers up to 2^53 are exact, which covers every count,
    /// limit and millisecond value a config holds.
    case number(Double)
    case string(String)
    case array([ConfigTree])
    /// Members in document order. Keys are unique in a tree built by the JSON reader.
    case object([Member])

    /// One key and its value inside an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: ConfigTree

        public init(_ key: String, _ value: ConfigTree) {
            self.key = key
            self.value = value
        }
    }
}
