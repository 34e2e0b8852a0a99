/// A failed SQLite call: its result code and SQLite's own message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    /// What the gateway was doing ("open /var/lib/triage.db", "insert request").
    public var context: String

    public var description: String { "\(context): \(message) (SQLite code \(code))" }
}
