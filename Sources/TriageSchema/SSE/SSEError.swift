/// Why an event stream could not be parsed.
public enum SSEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One event grew past the parser's limit; the stream is abandoned rather than buffered without bound.
    case eventTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .eventTooLarge(let limit): "a server-sent event exceeded the \(limit)-byte limit"
        }
    }
}
