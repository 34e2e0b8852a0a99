extension ConfigTree {
    /// A JSON value held elsewhere (a key's metadata, say), read with the config readers.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .integer(let i): self = .number(Double(i))
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(ConfigTree.init))
        case .object(let o): self = .object(o.keys.map { Member($0, ConfigTree(o[$0] ?? .null)) })
        }
    }
}
