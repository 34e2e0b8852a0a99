/// Why a `.triage` model file could not be read.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case truncated(expected: Int, actual: Int)
    case notAModel
    case unsupportedVersion(Int)
    case checksumMismatch
    case invalidHeader(String)
    case trailingBytes(Int)
    /// The file is a valid model of another kind (a router given where a verifier is expected, or the reverse).
    case wrongKind(found: String, expected: String)
    /// Another error, with the path of the file it was found in.
    indirect case inFile(path: String, ModelFileError)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read model file \(path): \(reason)"
        case let .unwritable(path, reason): "cannot write model file \(path): \(reason)"
        case let .truncated(expected, actual): "model file is truncated: expected \(expected) bytes, found \(actual)"
        case .notAModel: "not a Triage model file (bad magic bytes)"
        case let .unsupportedVersion(v): "model file format version \(v) is not supported by this build (reads version \(ModelFile.formatVersion))"
        case .checksumMismatch: "model file is corrupt: checksum mismatch"
        case let .invalidHeader(reason): "model file header is invalid: \(reason)"
        case let .trailingBytes(n): "model file has \(n) unexpected bytes after its tensors"
        case let .wrongKind(found, expected): "model file holds a \(found), not a \(expected)"
        case let .inFile(path, error): "\(path): \(error)"
        }
    }
}
