/// Collects the importer's notes while it walks a LiteLLM file.
final class LiteLLMImportLog {
    private(set) var unmapped: [ImportNote] = []
    private(set) var approximations: [ImportNote] = []

    init() {}

    /// `path` was not carried over.
    func unmapped(_ path: ConfigPath, _ reason: String) {
        unmapped.append(ImportNote(path, reason))
    }

    /// `path` was carried over with a difference worth knowing.
    func approximated(_ path: ConfigPath, _ message: String) {
        approximations.append(ImportNote(path, message))
    }

    /// Reads a scalar with `convert`, noting the key as unmapped when it has the wrong shape.
    func read<T>(_ tree: ConfigTree, at path: ConfigPath, as expected: String, _ convert: (ConfigTree) -> T?) -> T? {
        if let value = convert(tree) { return value }
        unmapped(path, "expected \(expected), found \(tree.shapeName)")
        return nil
    }

    /// Both lists in the order their keys appear in `tree`, so a person can read the notes
    /// beside the file; notes made later (fallbacks, group assembly) would otherwise trail.
    func sort(inOrderOf tree: ConfigTree) {
        var rank: [ConfigPath: Int] = [:]
        func visit(_ tree: ConfigTree, _ path: ConfigPath) {
            rank[path] = rank.count
            switch tree {
            case .object(let members): for member in members { visit(member.value, path / member.key) }
            case .array(let elements): for (i, element) in elements.enumerated() { visit(element, path / i) }
            default: break
            }
        }
        visit(tree, .root)
        func order(_ notes: [ImportNote]) -> [ImportNote] {
            notes.enumerated().sorted { a, b in
                (rank[a.element.path] ?? .max, a.offset) < (rank[b.element.path] ?? .max, b.offset)
            }.map(\.element)
        }
        unmapped = order(unmapped)
        approximations = order(approximations)
    }
}
