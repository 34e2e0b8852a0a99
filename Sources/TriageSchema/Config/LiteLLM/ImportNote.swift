/// A remark about one key of an imported file: why it was not carried over, or how it was
/// carried over only approximately.
public struct ImportNote: Sendable, Equatable {
    /// Where the key sits in the imported file, such as `router_settings.redis_host`.
    public var path: ConfigPath
    public var message: String

    public init(_ path: ConfigPath, _ message: String) {
        self.path = path
        self.message = message
    }
}

extension ImportNote: CustomStringConvertible {
    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
