/// Where a secret (an API key, the master key) comes from. The config names an environment
/// variable, `env:NAME` (or LiteLLM's `os.environ/NAME`), or, discouraged, holds the secret
/// itself. Its descriptions never contain a literal secret, so configs can be logged.
public enum SecretReference: Sendable, Equatable {
    /// Read from the environment variable of this name when the gateway starts.
    case environment(String)
    /// The secret itself, as written in the config file.
    case literal(String)

    /// Reads `env:NAME`, `os.environ/NAME`, or anything else as a literal secret.
    public init(parsing text: String) {
        if let name = Self.environmentName(in: text) {
            self = .environment(name)
        } else {
            self = .literal(text)
        }
    }

    /// The name after `env:` or `os.environ/`, if `text` has either prefix.
    static func environmentName(in text: String) -> String? {
        for prefix in ["env:", "os.environ/"] where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return nil
    }

    /// How the config file writes this reference: `env:NAME`, or the literal itself.
    public var configText: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .literal(let secret): secret
        }
    }

    /// The secret's value; throws when the variable is not set or is empty.
    public func resolve(in environment: [String: String]) throws(SecretResolutionError) -> String {
        switch self {
        case .literal(let secret):
            return secret
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SecretResolutionError(variable: name)
            }
            return value
        }
    }
}

extension SecretReference: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `env:NAME`, or `<literal secret>` with no trace of its value.
    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .literal: "<literal secret>"
        }
    }

    public var debugDescription: String { "SecretReference(\(description))" }

    /// No children, so `dump` and reflection-based printing of any enclosing value (a whole
    /// `GatewayConfig`) cannot reach the literal.
    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .enum)
    }
}
