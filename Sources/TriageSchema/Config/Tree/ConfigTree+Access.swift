extension ConfigTree {
    /// The value under `key` when this is an object holding it.
    public subscript(key: String) -> ConfigTree? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The members when this is an object.
    public var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    public var elements: [ConfigTree]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number when this is a number.
    public var numberValue: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The number as an `Int` when it is integral and fits; `3.0` counts, `3.5` does not.
    public var intValue: Int? {
        guard case .number(let x) = self, x.rounded() == x,
              x >= -9_007_199_254_740_992, x <= 9_007_199_254_740_992 else { return nil }
        return Int(x)
    }

    /// The flag when this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// A short name for the shape, for messages such as "expected a string, found an array".
    var shapeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
