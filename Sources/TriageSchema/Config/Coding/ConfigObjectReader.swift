import Foundation

/// Reads the members of one config object into typed values, reporting every problem to a log
/// and substituting the default so reading can go on and find the next one.
///
/// Every key a type asks for, present or not, counts as known; `finish()` then reports the
/// members nobody asked for, so a typo such as `deploymnts` is an error, never silently ignored.
final class ConfigObjectReader {
    let path: ConfigPath
    let log: ConfigIssueLog
    private let members: [ConfigTree.Member]
    /// Keys asked for, in the order asked (suggestions prefer the first of equally close keys),
    /// and as a set: an object of unknown kind marks all its members known, and checking each
    /// against a list made 1 MB of members quadratic.
    private var known: [String] = []
    private var knownSet: Set<String> = []

    private init(members: [ConfigTree.Member], path: ConfigPath, log: ConfigIssueLog) {
        self.members = members
        self.path = path
        self.log = log
    }

    /// Runs `body` over `tree` read as an object, then reports unknown keys. Returns nil (after
    /// reporting) when `tree` is not an object.
    static func read<T>(
        _ tree: ConfigTree, at path: ConfigPath, log: ConfigIssueLog,
        _ body: (ConfigObjectReader) -> T
    ) -> T? {
        guard case .object(let members) = tree else {
            log.invalid(path, "must be an object, not \(tree.shapeName)")
            return nil
        }
        let reader = ConfigObjectReader(members: members, path: path, log: log)
        let value = body(reader)
        reader.finish()
        return value
    }

    private func finish() {
        for member in members where !knownSet.contains(member.key) {
            let suggestion = KeySuggestion.closest(to: member.key, among: known)
            log.add(ConfigIssue(.unknownKey(member.key, suggestion: suggestion), at: path, "unknown key"))
        }
    }

    // MARK: Raw access

    /// The value under `key` (nil when absent), marking the key as known.
    func value(_ key: String) -> ConfigTree? {
        markKnown(key)
        return members.first { $0.key == key }?.value
    }

    /// Marks every member as known, for objects whose schema cannot be told (an unknown kind).
    func markAllKnown() {
        for member in members { markKnown(member.key) }
    }

    private func markKnown(_ key: String) {
        if knownSet.insert(key).inserted { known.append(key) }
    }

    /// Whether the object holds `key` at all, marking the key as known.
    func contains(_ key: String) -> Bool {
        value(key) != nil
    }

    /// Reads `key` with `convert`; absent gives `fallback`. `convert` returns nil after
    /// reporting its own problem, and then `fallback` is used too.
    func decode<T>(_ key: String, default fallback: T, _ convert: (ConfigTree, ConfigPath) -> T?) -> T {
        guard let tree = value(key) else { return fallback }
        return convert(tree, path / key) ?? fallback
    }

    private func mismatch(_ key: String, _ expected: String, _ tree: ConfigTree) {
        log.invalid(path / key, "must be \(expected), not \(tree.shapeName)")
    }

    // MARK: Scalars

    func int(_ key: String, default fallback: Int) -> Int {
        decode(key, default: fallback) { tree, _ in integer(key, tree) }
    }

    /// Absent gives `fallback`; `null` gives nil (turns the setting off).
    func optionalInt(_ key: String, default fallback: Int? = nil) -> Int? {
        decode(key, default: fallback) { tree, _ in tree == .null ? .some(nil) : integer(key, tree).map { Optional($0) } }
    }

    private func integer(_ key: String, _ tree: ConfigTree) -> Int? {
        if let i = tree.intValue { return i }
        if case .number(let x) = tree {
            log.invalid(path / key, "must be an integer, not \(ConfigJSONWriter.number(x))")
        } else {
            mismatch(key, "an integer", tree)
        }
        return nil
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        decode(key, default: fallback) { tree, _ in
            if let flag = tree.boolValue { return flag }
            mismatch(key, "true or false", tree)
            return nil
        }
    }

    func double(_ key: String, default fallback: Double) -> Double {
        decode(key, default: fallback) { tree, _ in
            if let x = tree.numberValue { return x }
            mismatch(key, "a number", tree)
            return nil
        }
    }

    func string(_ key: String, default fallback: String) -> String {
        decode(key, default: fallback) { tree, _ in text(key, tree) }
    }

    /// Absent or `null` gives nil.
    func optionalString(_ key: String) -> String? {
        decode(key, default: nil) { tree, _ in tree == .null ? .some(nil) : text(key, tree).map { Optional($0) } }
    }

    /// A string that must be present; reports and returns "" when it is not.
    func requiredString(_ key: String) -> String {
        guard value(key) != nil else {
            log.invalid(path / key, "is required")
            return ""
        }
        return string(key, default: "")
    }

    private func text(_ key: String, _ tree: ConfigTree) -> String? {
        if let s = tree.stringValue { return s }
        mismatch(key, "a string", tree)
        return nil
    }

    /// An array of strings; a bad element is reported at its own index and skipped.
    func strings(_ key: String, default fallback: [String] = []) -> [String] {
        decode(key, default: fallback) { tree, keyPath in stringList(tree, keyPath) }
    }

    /// Like `strings`, but absent or `null` gives nil.
    func optionalStrings(_ key: String) -> [String]? {
        decode(key, default: nil) { tree, keyPath in
            tree == .null ? .some(nil) : stringList(tree, keyPath).map { Optional($0) }
        }
    }

    private func stringList(_ tree: ConfigTree, _ listPath: ConfigPath) -> [String]? {
        guard let elements = tree.elements else {
            log.invalid(listPath, "must be an array of strings, not \(tree.shapeName)")
            return nil
        }
        return elements.enumerated().compactMap { i, element in
            if let s = element.stringValue { return s }
            log.invalid(listPath / i, "must be a string, not \(element.shapeName)")
            return nil
        }
    }

    // MARK: Typed values

    /// A duration written as whole milliseconds (`*_ms`). Ranges are the validator's concern.
    func milliseconds(_ key: String, default fallback: Duration) -> Duration {
        decode(key, default: fallback) { tree, _ in integer(key, tree).map { .milliseconds($0) } }
    }

    /// A duration written as whole seconds (`*_s`), where the wire format counts seconds.
    func seconds(_ key: String, default fallback: Duration) -> Duration {
        decode(key, default: fallback) { tree, _ in integer(key, tree).map { .seconds($0) } }
    }

    /// One of an enum's raw values; anything else is reported with the list of choices:
    /// `unknown strategy "fastest" (expected weighted, least_busy, latency, cost or priority)`.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E, noun: String) -> E
    where E.RawValue == String {
        decode(key, default: fallback) { tree, keyPath in Self.choice(tree, at: keyPath, noun: noun, log: log) }
    }

    static func choice<E: RawRepresentable & CaseIterable>(
        _ tree: ConfigTree, at path: ConfigPath, noun: String, log: ConfigIssueLog
    ) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard let text = tree.stringValue else {
            log.invalid(path, "must be a string (\(Self.alternatives(names))), not \(tree.shapeName)")
            return nil
        }
        guard let value = E(rawValue: text) else {
            log.invalid(path, "unknown \(noun) \"\(text)\" (expected \(Self.alternatives(names)))")
            return nil
        }
        return value
    }

    /// "a, b or c".
    static func alternatives(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// An `env:NAME`, `os.environ/NAME` or literal secret. Absent or `null` gives nil. The value
    /// is never echoed in a message: it may be the secret itself.
    func secret(_ key: String) -> SecretReference? {
        decode(key, default: nil) { tree, _ in
            if tree == .null { return .some(nil) }
            guard let text = tree.stringValue else {
                mismatch(key, "a string such as \"env:NAME\"", tree)
                return nil
            }
            return SecretReference(parsing: text)
        }
    }

    /// An absolute http or https URL.
    func url(_ key: String) -> URL? {
        decode(key, default: nil) { tree, keyPath in
            guard let text = text(key, tree) else { return nil }
            guard let url = URL.httpEndpoint(text) else {
                log.invalid(keyPath, "must be an http or https URL, not \"\(text)\"")
                return nil
            }
            return url
        }
    }

    /// A nested object read with `body`; absent gives `fallback`.
    func object<T>(_ key: String, default fallback: T, _ body: (ConfigObjectReader) -> T) -> T {
        decode(key, default: fallback) { tree, keyPath in Self.read(tree, at: keyPath, log: log, body) }
    }

    /// The elements of an array with their paths; reports and gives [] when not an array.
    func array(_ key: String) -> [(tree: ConfigTree, path: ConfigPath)] {
        decode(key, default: []) { tree, keyPath in
            guard let elements = tree.elements else {
                log.invalid(keyPath, "must be an array, not \(tree.shapeName)")
                return nil
            }
            return elements.enumerated().map { ($0.element, keyPath / $0.offset) }
        }
    }
}
