import Foundation

/// Finds the real routing data (`../shared/data` beside the project), which is read in place
/// and never copied into the repository.
public enum SharedDataLocator {
    /// The data directory: `TRIAGE_DATA` if set, else `../shared/data` from the current
    /// directory, else `../shared/data` from the package root above `filePath`; nil when absent.
    public static func dataDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        filePath: String = #filePath
    ) -> String? {
        // An explicit setting that points nowhere is reported as absent rather than silently
        // replaced by another copy of the data.
        if let explicit = environment["TRIAGE_DATA"], !explicit.isEmpty {
            return DataFiles.isDirectory(explicit) ? explicit : nil
        }
        let fromCurrent = normalized(DataFiles.join(currentDirectory, "../shared/data"))
        if DataFiles.isDirectory(fromCurrent) { return fromCurrent }
        guard let root = packageRoot(above: filePath) else { return nil }
        let fromRoot = normalized(DataFiles.join(root, "../shared/data"))
        return DataFiles.isDirectory(fromRoot) ? fromRoot : nil
    }

    /// The nearest directory above `filePath` holding a `Package.swift`.
    public static func packageRoot(above filePath: String) -> String? {
        var directory = DataFiles.directory(of: filePath)
        while directory != "/" && directory != "." && !directory.isEmpty {
            if DataFiles.exists(DataFiles.join(directory, "Package.swift")) { return directory }
            directory = DataFiles.directory(of: directory)
        }
        return nil
    }

    private static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
