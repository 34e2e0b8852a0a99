/// A store call that failed, whichever backend: what the database said and what the gateway
/// was doing. The SQLite and PostgreSQL stores turn their own errors into this one, so callers
/// handle one type and messages read alike.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What the database (or the network to it) said: "database is locked", "connection refused".
    public var message: String
    /// What the gateway was doing: "open /var/lib/triage.db", "insert request batch".
    public var context: String
    /// The backend's own code, when it has one: "SQLite code 5", "SQLSTATE 23505".
    public var code: String?
    /// The store could not be reached or did not answer in time (rather than refusing the
    /// statement): worth trying again later, and what the outage modes are for.
    public var unreachable: Bool

    public init(_ message: String, context: String, code: String? = nil, unreachable: Bool = false) {
        self.message = message
        self.context = context
        self.code = code
        self.unreachable = unreachable
    }

    public var description: String { "\(context): \(message)\(code.map { " (\($0))" } ?? "")" }
}

extension StoreError {
    /// The same failure, described as `SQLiteError` describes it.
    init(_ sqlite: SQLiteError) {
        self.init(sqlite.message, context: sqlite.context, code: "SQLite code \(sqlite.code)")
    }
}
