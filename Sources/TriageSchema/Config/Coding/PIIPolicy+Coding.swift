extension PIIPolicy {
    /// `{"action": "redact", "kinds": ["email", "card"]}`; `action` is required, `kinds`
    /// defaults to every kind.
    static func read(_ r: ConfigObjectReader) -> PIIPolicy {
        if !r.contains("action") { r.log.invalid(r.path / "action", "is required (block or redact)") }
        let action: PIIAction = r.choice("action", default: .block, noun: "PII action")
        let kinds = r.decode("kinds", default: PIIKind.allCases) { tree, path -> [PIIKind]? in
            guard let elements = tree.elements else {
                r.log.invalid(path, "must be an array of PII kinds, not \(tree.shapeName)")
                return nil
            }
            if elements.isEmpty {
                r.log.invalid(path, "must name at least one kind (leave it out for every kind)")
                return nil
            }
            return elements.enumerated().compactMap { i, element -> PIIKind? in
                ConfigObjectReader.choice(element, at: path / i, noun: "PII kind", log: r.log)
            }
        }
        return PIIPolicy(action: action, kinds: kinds)
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("action", .string(action.rawValue))
        w.add("kinds", .strings(kinds.map(\.rawValue)), default: .strings(PIIKind.allCases.map(\.rawValue)))
        return w.tree
    }
}
