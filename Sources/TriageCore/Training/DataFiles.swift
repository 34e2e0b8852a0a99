import Foundation

/// File-system helpers shared by the importers; every failure is a `DataFileError` naming the path.
enum DataFiles {
    static func data(_ path: String) throws(DataFileError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(path: path, message: exists(path) ? "cannot read file" : "no such file")
        }
        return data
    }

    static func read(_ path: String) throws(DataFileError) -> [UInt8] {
        [UInt8](try data(path))
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Files in `directory` with the extension, in sorted name order so imports are reproducible.
    static func files(in directory: String, withExtension ext: String) throws(DataFileError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DataFileError(path: directory, message: "cannot list directory")
        }
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { join(directory, $0) }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// File name without directory and extension: `responses/mmlu_anatomy.csv` → `mmlu_anatomy`.
    static func stem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
