import Foundation

/// Every problem found in a config; thrown when a config cannot be used.
///
/// Decoding collects all the problems it can find before throwing, so one run of
/// `triage config check` shows them all rather than one per edit.
public struct ConfigError: Error, Sendable, Equatable {
    public var issues: [ConfigIssue]

    public init(_ issues: [ConfigIssue]) {
        self.issues = issues
    }
}

extension ConfigError: CustomStringConvertible {
    /// One issue per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

extension ConfigError: LocalizedError {
    public var errorDescription: String? { description }
}
