import Foundation

extension GuardrailSettings {
    /// `{"pii": {...}, "response_blocklist": ["word"], "response_patterns": ["regex"]}`. Every
    /// pattern is compiled here, so a bad one stops the config at load with its path.
    static func read(_ r: ConfigObjectReader) -> GuardrailSettings {
        let pii = r.decode("pii", default: nil) { tree, path -> PIIPolicy?? in
            tree == .null ? .some(nil) : ConfigObjectReader.read(tree, at: path, log: r.log, PIIPolicy.read).map { Optional($0) }
        }
        let blocklist = r.strings("response_blocklist")
        for (i, word) in blocklist.enumerated() where word.trimmingCharacters(in: .whitespaces).isEmpty {
            r.log.invalid(r.path / "response_blocklist" / i, "must not be empty")
        }
        let patterns = r.strings("response_patterns")
        for (i, pattern) in patterns.enumerated() {
            if let problem = Self.patternProblem(pattern) {
                r.log.invalid(r.path / "response_patterns" / i, "is not a valid regular expression: \(problem)")
            }
        }
        return GuardrailSettings(pii: pii, responseBlocklist: blocklist, responsePatterns: patterns)
    }

    /// Why `pattern` does not compile, or nil when it does (also for an empty pattern, refused
    /// because it would match every answer).
    static func patternProblem(_ pattern: String) -> String? {
        if pattern.isEmpty { return "an empty pattern matches every answer" }
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return "ICU cannot compile it (\((error as NSError).localizedDescription))"
        }
    }

    /// Reads settings kept outside the config file (a virtual key's `metadata.guardrails`),
    /// reporting problems at paths under `path`.
    public static func decode(_ value: JSONValue, at path: ConfigPath) throws(ConfigError) -> GuardrailSettings {
        let log = ConfigIssueLog()
        let settings = ConfigObjectReader.read(ConfigTree(value), at: path, log: log, Self.read)
        if !log.issues.isEmpty { throw ConfigError(log.issues) }
        return settings ?? GuardrailSettings()
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        if let pii { w.add("pii", pii.tree(style)) }
        w.add("response_blocklist", .strings(responseBlocklist), default: .strings([]))
        w.add("response_patterns", .strings(responsePatterns), default: .strings([]))
        return w.tree
    }
}
