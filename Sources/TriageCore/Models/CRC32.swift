/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial), guarding model files against corruption.
///
/// Slice-by-8: eight table lookups consume eight bytes per step, so checking a 10 MB model
/// takes milliseconds rather than the tens a byte-at-a-time loop needs.
public enum CRC32 {
    /// tables[k][n]: the CRC of byte n followed by k zero bytes.
    private static let tables: [[UInt32]] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[0][n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 { t[k][n] = (t[k - 1][n] >> 8) ^ t[0][Int(t[k - 1][n] & 0xFF)] }
        }
        return t
    }()

    private static let flat: [UInt32] = tables.flatMap { $0 }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        flat.withUnsafeBufferPointer { t in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let one = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ c
                let two = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                c = t[7 * 256 + Int(one & 0xFF)] ^ t[6 * 256 + Int((one >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((one >> 16) & 0xFF)] ^ t[4 * 256 + Int(one >> 24)]
                    ^ t[3 * 256 + Int(two & 0xFF)] ^ t[2 * 256 + Int((two >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((two >> 16) & 0xFF)] ^ t[Int(two >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return c ^ 0xFFFF_FFFF
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
