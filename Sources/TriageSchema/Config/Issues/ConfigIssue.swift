/// One problem found in a config, located by its JSON path (and, for syntax errors, by line and
/// column). `description` is what `triage config check` prints, one issue per line.
public struct ConfigIssue: Sendable, Equatable {
    /// What sort of problem this is; it decides how the issue reads.
    public enum Kind: Sendable, Equatable {
        /// A value is missing, has the wrong shape or breaks a rule.
        case invalid
        /// An object holds a key nobody reads; `path` is that object. A typo must never be
        /// silently ignored, so every unknown key is an error.
        case unknownKey(String, suggestion: String?)
        /// The document is not JSON; 1-based line and column of the first bad character.
        case syntax(line: Int, column: Int)
    }

    public var kind: Kind
    /// The value at fault, or for an unknown key the object that holds it.
    public var path: ConfigPath
    public var message: String

    public init(_ kind: Kind = .invalid, at path: ConfigPath, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// A value at `path` breaks a rule.
    public static func invalid(_ path: ConfigPath, _ message: String) -> ConfigIssue {
        ConfigIssue(.invalid, at: path, message)
    }
}

extension ConfigIssue: CustomStringConvertible {
    /// `path: message`; `unknown key "x" at path`; or `line L, column C: message`.
    public var description: String {
        let place = path.isRoot ? "top level" : path.description
        switch kind {
        case .invalid:
            return "\(place): \(message)"
        case .unknownKey(let key, let suggestion):
            let hint = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "unknown key \"\(key)\" at \(place)\(hint)"
        case .syntax(let line, let column):
            return "line \(line), column \(column): \(message)"
        }
    }
}
