/// A compact byte encoding of features, for the request log: enough to replay a routing
/// decision or retrain a router without keeping the prompt.
///
///     byte 0        format version (1)
///     byte 1        dense count D
///     4·D bytes     dense values, float32 little-endian
///     varint        id count N
///     N varints     ids sorted ascending, each as the gap from the previous (repeats are gap 0)
///
/// The embedding bag averages its ids, so order does not matter but repeats do; sorting makes
/// the gaps small (a 1 KB prompt's 1,024 ids in 131,072 buckets take about 1.3 KB).
extension PromptFeatures {
    public static let compactVersion: UInt8 = 1

    public func compactBytes() -> [UInt8] {
        var out: [UInt8] = [Self.compactVersion, UInt8(min(dense.count, 255))]
        out.reserveCapacity(2 + 4 * dense.count + 2 * ids.count + 4)
        for value in dense.prefix(255) {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
        }
        Self.appendVarint(UInt64(ids.count), to: &out)
        var previous: Int64 = 0
        for id in ids.sorted() {
            Self.appendVarint(UInt64(Int64(id) - previous), to: &out)
            previous = Int64(id)
        }
        return out
    }

    /// Decodes `compactBytes()`; nil for bytes that are not such an encoding.
    public init?(compactBytes bytes: [UInt8]) {
        guard bytes.count >= 2, bytes[0] == Self.compactVersion else { return nil }
        let denseCount = Int(bytes[1])
        var i = 2
        guard bytes.count >= i + 4 * denseCount else { return nil }
        var dense: [Float] = []
        dense.reserveCapacity(denseCount)
        for _ in 0..<denseCount {
            var bits: UInt32 = 0
            for k in 0..<4 { bits |= UInt32(bytes[i + k]) << UInt32(8 * k) }
            dense.append(Float(bitPattern: bits))
            i += 4
        }
        guard let count = Self.readVarint(bytes, &i), count <= UInt64(bytes.count) else { return nil }
        var ids: [Int32] = []
        ids.reserveCapacity(Int(count))
        var previous: Int64 = 0
        for _ in 0..<count {
            guard let gap = Self.readVarint(bytes, &i) else { return nil }
            previous += Int64(gap)
            guard previous <= Int64(Int32.max) else { return nil }
            ids.append(Int32(previous))
        }
        guard i == bytes.count else { return nil }
        self.init(ids: ids, dense: dense)
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func readVarint(_ bytes: [UInt8], _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count, shift < 64 {
            let b = bytes[i]
            i += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
