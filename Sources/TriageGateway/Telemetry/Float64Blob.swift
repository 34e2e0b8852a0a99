/// How the bandits' vectors and matrices are stored: their float64 values as little-endian
/// bytes, back to back, the same in an SQLite blob and a PostgreSQL bytea, so a database moved
/// between the two (or read on another machine) means the same numbers.
enum Float64Blob {
    static func bytes(_ values: [Double]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 8)
        for v in values {
            let bits = v.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        return out
    }

    /// Nil when the length is not a whole number of values.
    static func doubles(_ bytes: [UInt8]) -> [Double]? {
        guard bytes.count % 8 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[start + k]) << UInt64(8 * k) }
            return Double(bitPattern: bits)
        }
    }
}
