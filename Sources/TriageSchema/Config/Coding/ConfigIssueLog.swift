/// Collects issues while a config is read or validated, so every problem is reported, not just
/// the first. Lives only for one decode on one thread, so it is a plain class.
final class ConfigIssueLog {
    private(set) var issues: [ConfigIssue] = []

    init() {}

    func add(_ issue: ConfigIssue) {
        issues.append(issue)
    }

    func add(contentsOf more: [ConfigIssue]) {
        issues.append(contentsOf: more)
    }

    func invalid(_ path: ConfigPath, _ message: String) {
        issues.append(.invalid(path, message))
    }
}
