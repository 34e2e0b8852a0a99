/// FNV-1a, 64-bit: a hash that is the same in every process and on every machine.
///
/// Swift's `Hasher` is seeded per process, so a model trained in one process would see
/// different buckets in the next; feature hashing needs this fixed function instead.
public struct StableHash: Sendable, Equatable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public private(set) var value: UInt64

    public init(value: UInt64 = StableHash.offsetBasis) {
        self.value = value
    }

    /// Starts a hash in its own namespace, so a word and a character n-gram that happen
    /// to share bytes land in unrelated buckets.
    public init(namespace: UInt8) {
        self.init()
        combine(namespace)
    }

    @inline(__always)
    public mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* StableHash.prime
    }

    public mutating func combine<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes { combine(byte) }
    }

    /// The hash of a whole byte string.
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = StableHash()
        h.combine(bytes)
        return h.value
    }
}
