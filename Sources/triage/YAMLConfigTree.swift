import TriageSchema
import Yams

/// A YAML document as a `ConfigTree`, mapping keys kept in file order so import notes list
/// them as the user wrote them.
enum YAMLConfigTree {
    static func parse(_ text: String) throws -> ConfigTree {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return convert(node)
    }

    static func convert(_ node: Node) -> ConfigTree {
        switch node {
        case .mapping(let mapping):
            return .object(mapping.map { ConfigTree.Member($0.key.string ?? "\($0.key)", convert($0.value)) })
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .scalar:
            // YAML's core schema: plain `true`, `42`, `1.5`, `null` are typed; quoted text stays text.
            if node.null != nil { return .null }
            if let b = node.bool { return .bool(b) }
            if let i = node.int { return .number(Double(i)) }
            if let f = node.float { return .number(f) }
            return .string(node.string ?? "")
        case .alias:
            return .null
        }
    }
}
