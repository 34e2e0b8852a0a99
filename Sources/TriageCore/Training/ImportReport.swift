/// What an import skipped or changed, for the CLI to show.
public struct ImportReport: Sendable, Equatable {
    /// Only the first skip reasons are kept: one is usually enough to fix a file, and a
    /// file with a systematic problem would otherwise flood the terminal.
    public static let maxSkipMessages = 20

    /// Rows left out because they were malformed (only with `skipBadRows`).
    public var skippedRows: Int
    /// Notes such as `path:line: reason` for the first skipped rows, and dropped-data notices.
    public var messages: [String]

    public init(skippedRows: Int = 0, messages: [String] = []) {
        self.skippedRows = skippedRows
        self.messages = messages
    }

    /// Counts a bad row when the options allow skipping it; otherwise throws it.
    mutating func skip(_ error: DataFileError, options: ImportOptions) throws(DataFileError) {
        guard options.skipBadRows else { throw error }
        skippedRows += 1
        if skippedRows <= Self.maxSkipMessages { messages.append(error.description) }
    }
}
