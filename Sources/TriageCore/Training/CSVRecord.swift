/// One CSV record: its fields and the 1-based line where it starts.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    /// Line of the record's first byte; a record with quoted newlines spans several lines.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
