import Foundation

/// Finds a model file a config names: absolute paths as given; relative ones against the
/// working directory, then against the directories above the running executable, so the
/// shipped `Models/router.triage` is found when `triage` runs from `.build/release` or a test
/// bundle runs from `.build/debug`, whatever the working directory.
enum ModelFileLocator {
    static func resolve(_ path: String) -> String? {
        let files = FileManager.default
        if path.hasPrefix("/") { return files.fileExists(atPath: path) ? path : nil }
        if files.fileExists(atPath: path) { return files.currentDirectoryPath + "/" + path }
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent(path).path
            if files.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
