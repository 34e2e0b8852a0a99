import Foundation
import Synchronization

/// Where residency-violating hops are written for compliance to review: one JSON object per
/// line (time, request id, key token, model group, deployment, from region, to region, reason),
/// appended to `governance.residency_audit_path`, or to standard error when none is set.
public final class ResidencyAuditLog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var time: Date
        public var requestID: String
        public var keyToken: String?
        public var group: String
        public var deployment: String
        public var fromRegion: String?
        public var toRegion: String?
        public var reason: String
    }

    private let file: Mutex<FileHandle?>
    /// Entries written, newest last (kept for tests and the dashboard; bounded).
    private let recent = Mutex<[Entry]>([])

    /// Appends to `path` (created if missing); nil writes to standard error.
    public init(path: String?) throws {
        guard let path else {
            file = Mutex(nil)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        file = Mutex(handle)
    }

    public func record(_ entry: Entry) {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: entry.time), "request_id": entry.requestID, "model_group": entry.group,
            "deployment": entry.deployment, "reason": entry.reason,
        ]
        object["key_token"] = entry.keyToken ?? NSNull()
        object["from_region"] = entry.fromRegion ?? NSNull()
        object["to_region"] = entry.toRegion ?? NSNull()
        var line = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        line.append(0x0A)
        file.withLock { handle in
            if let handle { try? handle.write(contentsOf: line) } else { FileHandle.standardError.write(Data("triage audit: ".utf8) + line) }
        }
        recent.withLock { r in
            r.append(entry)
            if r.count > 1_000 { r.removeFirst(r.count - 1_000) }
        }
    }

    /// The latest entries, oldest first.
    public var entries: [Entry] { recent.withLock { $0 } }
}
