import Foundation

extension ConfigTree {
    /// Parses JSON bytes; throws a `.syntax` issue with line and column when they are not JSON,
    /// and `.invalid` issues for duplicate keys.
    public init(json data: Data) throws(ConfigError) {
        let (tree, duplicates) = try ConfigJSONParser.parse(data)
        if !duplicates.isEmpty { throw ConfigError(duplicates) }
        self = tree
    }

    /// Pretty-printed JSON, keys in tree order, ending in a newline.
    public func jsonData() -> Data {
        ConfigJSONWriter.data(self)
    }
}
