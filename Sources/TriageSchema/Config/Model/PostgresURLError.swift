/// Why a text is not a PostgreSQL URL Triage can use. The message never repeats the password.
public struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
