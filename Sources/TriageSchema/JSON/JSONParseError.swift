/// Why a byte sequence is not JSON, and where the parser gave up.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Zero-based byte offset of the problem in the input.
    public var offset: Int
    /// What was wrong, in words a client can act on.
    public var reason: String

    /// An error at `offset` for `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}
