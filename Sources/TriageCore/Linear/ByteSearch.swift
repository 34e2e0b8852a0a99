import Foundation

/// Substring search over UTF-8 bytes with the C library's `memchr` (to the next copy of the
/// needle's first byte, word-at-a-time) and `memcmp`: answer checks look for some thirty
/// phrases in every answer, and a byte-by-byte Swift loop spent tens of microseconds on a 1 KB
/// answer. (`memmem` would do both, but Glibc declares it only under `_GNU_SOURCE`.)
public enum ByteSearch {
    /// The first index of `needle` in `haystack` at or after `start`, nil when absent.
    public static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count - start >= needle.count else { return nil }
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                let base = h.baseAddress!, first = Int32(needle[0])
                var i = start
                let last = h.count - n.count
                while i <= last {
                    guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
                    i = base.distance(to: UnsafeRawPointer(hit))
                    // The second byte rules out most first-byte hits without a call.
                    if n.count == 1 || h[i + 1] == n[1], memcmp(base + i, n.baseAddress!, n.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Non-overlapping occurrences of `needle` in `haystack`.
    public static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        var count = 0, start = 0
        while let i = find(needle, in: haystack, from: start) {
            count += 1
            start = i + needle.count
        }
        return count
    }
}
