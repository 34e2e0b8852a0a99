import Foundation

/// A problem in a data file, located by path and (where the format has lines) line number.
public struct DataFileError: Error, Sendable, Equatable {
    public var path: String
    /// 1-based line; nil for problems of the whole file or of formats without lines (JSON).
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
}

extension DataFileError: CustomStringConvertible {
    /// `path:line: message`, the shape compilers use, so terminals and editors can jump to it.
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}

extension DataFileError: LocalizedError {
    public var errorDescription: String? { description }
}
