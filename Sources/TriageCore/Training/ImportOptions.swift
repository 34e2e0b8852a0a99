/// How importers treat rows they cannot use.
public struct ImportOptions: Sendable, Equatable {
    /// Skip malformed rows (counting them in the report) instead of failing on the first one.
    public var skipBadRows: Bool

    public init(skipBadRows: Bool = false) {
        self.skipBadRows = skipBadRows
    }
}
