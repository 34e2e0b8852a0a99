// Literal conformances so tests and the defaults can write trees as Swift literals; a dictionary
// literal keeps its written order, which `ConfigTree.object` preserves.

extension ConfigTree: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension ConfigTree: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension ConfigTree: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension ConfigTree: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension ConfigTree: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension ConfigTree: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: ConfigTree...) { self = .array(elements) }
}

extension ConfigTree: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, ConfigTree)...) {
        self = .object(elements.map { Member($0.0, $0.1) })
    }
}
