import Foundation
import TriageCore

/// Human-facing output on stderr, so stdout stays machine-readable.
enum StandardError {
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }

    static func report(_ report: ImportReport, for path: String) {
        guard report.skippedRows > 0 || !report.messages.isEmpty else { return }
        if report.skippedRows > 0 { line("\(path): skipped \(report.skippedRows) bad row(s)") }
        for message in report.messages { line("  \(message)") }
    }
}
