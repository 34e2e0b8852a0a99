import Foundation

/// A fresh SQLite path in the temporary directory, and the removal of its file, WAL and shared
/// memory after the test.
enum TemporaryDatabase {
    static func path(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).db").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
