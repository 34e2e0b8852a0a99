extension JSONValue {
    /// Encodes an `Encodable` straight into a `JSONValue`, keeping keys in the order its
    /// `encode(to:)` writes them (Foundation's `JSONEncoder` orders them by hash or sorts them).
    ///
    /// Encoding itself never fails; it throws only if `value.encode(to:)` throws on its own.
    public init(encoding value: some Encodable) throws {
        let slot = EncodingSlot()
        try slot.encode(value, codingPath: [])
        self = slot.resolve()
    }
}

/// A value being built by the encoder; a class so nested containers can write into their parent.
final class EncodingSlot {
    private enum Content {
        case unset
        case value(JSONValue)
        case object
        case array
    }

    private var content = Content.unset
    private var keys: [String] = []
    private var children: [String: EncodingSlot] = [:]
    private var elements: [EncodingSlot] = []

    func set(_ value: JSONValue) { content = .value(value) }

    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        // Already-built JSON goes in as it is, which keeps its key order.
        if let v = value as? JSONValue { return set(v) }
        if let o = value as? JSONObject { return set(.object(o)) }
        try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
    }

    func makeObject() {
        if case .object = content { return }
        content = .object
    }

    func makeArray() {
        if case .array = content { return }
        content = .array
    }

    /// The slot for `key`, created at the end of the key order if new.
    func child(_ key: String) -> EncodingSlot {
        if let existing = children[key] { return existing }
        let slot = EncodingSlot()
        keys.append(key)
        children[key] = slot
        return slot
    }

    func appendElement() -> EncodingSlot {
        let slot = EncodingSlot()
        elements.append(slot)
        return slot
    }

    var elementCount: Int { elements.count }

    func resolve() -> JSONValue {
        switch content {
        case .unset: return .object(JSONObject())  // a type that encodes nothing, as JSONEncoder writes it
        case .value(let v): return v
        case .object:
            var o = JSONObject()
            for key in keys { o[key] = children[key]?.resolve() }
            return .object(o)
        case .array: return .array(elements.map { $0.resolve() })
        }
    }
}

private struct SlotEncoder: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(SlotKeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return SlotUnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SlotSingleValueContainer(slot: slot, codingPath: codingPath)
    }
}

/// JSON for the standard scalar types; nil for anything else.
private func scalar(_ value: some Encodable) -> JSONValue? {
    switch value {
    case let v as String: return .string(v)
    case let v as Bool: return .bool(v)
    case let v as Int: return .integer(Int64(v))
    case let v as Int64: return .integer(v)
    case let v as Int32: return .integer(Int64(v))
    case let v as Int16: return .integer(Int64(v))
    case let v as Int8: return .integer(Int64(v))
    case let v as UInt: return Int64(exactly: v).map(JSONValue.integer) ?? .number(Double(v))
    case let v as UInt64: return Int64(exactly: v).map(JSONValue.integer) ?? .number(Double(v))
    case let v as UInt32: return .integer(Int64(v))
    case let v as UInt16: return .integer(Int64(v))
    case let v as UInt8: return .integer(Int64(v))
    case let v as Double: return .number(v)
    // Through the Float's own shortest text, so 0.1 stays 0.1 instead of 0.10000000149011612.
    case let v as Float: return .number(Double(v.description) ?? Double(v))
    default: return nil
    }
}

private func encodeValue(_ value: some Encodable, into slot: EncodingSlot, codingPath: [any CodingKey]) throws {
    if let s = scalar(value) { return slot.set(s) }
    try slot.encode(value, codingPath: codingPath)
}

private struct SlotKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.child(key.stringValue).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { slot.child(key.stringValue).set(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { slot.child(key.stringValue).set(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

    private func put(_ value: some Encodable, _ key: Key) throws {
        try encodeValue(value, into: slot.child(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = slot.child(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(SlotKeyedContainer<NestedKey>(slot: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = slot.child(key.stringValue)
        child.makeArray()
        return SlotUnkeyedContainer(slot: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: slot.child("super"), codingPath: codingPath + [AnyCodingKey("super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct SlotUnkeyedContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var count: Int { slot.elementCount }

    private var nextKey: AnyCodingKey { AnyCodingKey(intValue: count) }

    mutating func encodeNil() throws { slot.appendElement().set(.null) }
    mutating func encode(_ value: Bool) throws { slot.appendElement().set(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.appendElement().set(.string(value)) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    private func put(_ value: some Encodable) throws {
        let path = codingPath + [nextKey]
        try encodeValue(value, into: slot.appendElement(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [nextKey]
        let child = slot.appendElement()
        child.makeObject()
        return KeyedEncodingContainer(SlotKeyedContainer<NestedKey>(slot: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [nextKey]
        let child = slot.appendElement()
        child.makeArray()
        return SlotUnkeyedContainer(slot: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [nextKey]
        return SlotEncoder(slot: slot.appendElement(), codingPath: path)
    }
}

private struct SlotSingleValueContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.set(.null) }
    mutating func encode(_ value: Bool) throws { slot.set(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.set(.string(value)) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    private func put(_ value: some Encodable) throws {
        try encodeValue(value, into: slot, codingPath: codingPath)
    }
}
