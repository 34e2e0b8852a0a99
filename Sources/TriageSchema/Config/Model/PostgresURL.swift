import Foundation

/// A PostgreSQL connection URL, libpq's URI form:
/// `postgres://user:password@host:port/database?sslmode=require`.
///
/// Read here rather than by the database client so that a literal URL in the config is checked
/// with the rest of the config (at its JSON path), and an `env:` one when the gateway starts.
/// User, password and database may be percent-encoded. Nothing this type prints, and no error
/// it throws, contains the password.
public struct PostgresURL: Sendable, Equatable {
    /// libpq's `sslmode`, from not trying TLS to requiring a certificate that names the host.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or nothing, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority, whatever host it names.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    /// A name, an IPv4 address, or an IPv6 address (without its brackets).
    public var host: String
    public var port: Int
    /// libpq's default is the user's name.
    public var database: String
    public var tls: TLSMode

    public static let defaultPort = 5432

    public init(parsing text: String) throws(PostgresURLError) {
        guard let schemeEnd = text.range(of: "://"), ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw PostgresURLError("must start with postgres:// or postgresql://")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The last @ ends the user part: a password may hold an unencoded @.
        guard let at = rest.lastIndex(of: "@") else { throw PostgresURLError("names no user (postgres://user@host/database)") }
        let userInfo = rest[..<at]
        let hostPort = rest[rest.index(after: at)...]
        let userText = userInfo.firstIndex(of: ":").map { userInfo[..<$0] } ?? userInfo
        let passwordText = userInfo.firstIndex(of: ":").map { userInfo[userInfo.index(after: $0)...] }
        guard let user = Self.decoded(userText), !user.isEmpty else { throw PostgresURLError("names no user (postgres://user@host/database)") }
        self.user = user
        if let passwordText {
            guard let password = Self.decoded(passwordText) else { throw PostgresURLError("has a badly percent-encoded password") }
            self.password = password
        } else {
            self.password = nil
        }
        (host, port) = try Self.hostAndPort(hostPort)
        guard let database = Self.decoded(path), !database.contains("/") else {
            throw PostgresURLError("has a database name that is not one percent-encoded path segment")
        }
        self.database = database.isEmpty ? user : database
        tls = .prefer
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name = pair.firstIndex(of: "=").map { pair[..<$0] } ?? pair
            let value = pair.firstIndex(of: "=").map { pair[pair.index(after: $0)...] } ?? ""
            guard name == "sslmode" else {
                throw PostgresURLError("has the parameter \"\(Self.decoded(name) ?? String(name))\", which Triage does not read (only sslmode)")
            }
            guard let mode = TLSMode(rawValue: String(value)) else {
                let choices = TLSMode.allCases.map(\.rawValue)
                throw PostgresURLError("has sslmode \"\(value)\" (expected \(choices.dropLast().joined(separator: ", ")) or \(choices.last!))")
            }
            tls = mode
        }
    }

    private static func hostAndPort(_ text: Substring) throws(PostgresURLError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw PostgresURLError("has an IPv6 host without its closing ]") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresURLError("has text after its IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw PostgresURLError("names no host (postgres://user@host/database)") }
        guard let portText else { return (String(host), defaultPort) }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw PostgresURLError("has port \"\(portText)\" (expected 1 to 65535)")
        }
        return (String(host), port)
    }

    private static func decoded(_ text: Substring) -> String? {
        String(text).removingPercentEncoding
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }
}

extension PostgresURL: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { redacted }
    public var debugDescription: String { "PostgresURL(\(redacted))" }
    /// No children: dumping a value that holds one must not reach the password.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
