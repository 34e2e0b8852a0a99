import Foundation
import Synchronization
import TriageCore

/// Router and verifier files loaded once per process and path, and again only when the file
/// changes: a config reload or a test building many gateways does not re-read 8 MB each time.
final class ModelCache: Sendable {
    static let shared = ModelCache()

    private struct Entry {
        var modified: Date
        var size: Int
        var value: any Sendable
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The file at `path` (already resolved) decoded by `load`, cached by path, size and
    /// modification time.
    func value<T: Sendable>(at path: String, _ load: (String) throws -> T) throws -> T {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date ?? .distantPast
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        if let hit = entries.withLock({ $0[path] }), hit.modified == modified, hit.size == size, let value = hit.value as? T {
            return value
        }
        let value = try load(path)
        entries.withLock { $0[path] = Entry(modified: modified, size: size, value: value) }
        return value
    }
}
