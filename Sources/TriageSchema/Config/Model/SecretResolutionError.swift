/// A secret's environment variable is not set (or is empty) when the gateway starts.
public struct SecretResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String

    public init(variable: String) {
        self.variable = variable
    }

    public var description: String {
        "environment variable \(variable) is not set"
    }
}
