/// A JSON object that remembers the order its keys arrived in.
///
/// Equality and hashing ignore order (two objects with the same members mean the same thing);
/// iteration and serialization follow it, so a forwarded body reads like the one received.
public struct JSONObject: Sendable {
    /// Keys in insertion order; a key set again keeps its first position.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with these members in this order; a repeated key keeps the last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The member named `key`; setting `nil` removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let old = storage.removeValue(forKey: key) else { return nil }
        // Linear, but objects in requests have tens of keys at most.
        keys.removeAll { $0 == key }
        return old
    }

    /// Whether the object has a member named `key` (even one whose value is `null`).
    public func contains(_ key: String) -> Bool { storage[key] != nil }
}

extension JSONObject: Sequence {
    /// Iterates members in key order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        // `storage` and `keys` always hold the same key set, so the force-unwrap cannot fail.
        keys.lazy.map { (key: $0, value: storage[$0]!) }.makeIterator()
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
