extension PIIScanner {
    /// UK National Insurance numbers: two prefix letters, six digits (optionally in pairs
    /// separated by single spaces), and a suffix letter A–D, as a whole word, either case.
    /// HMRC never issues a first letter D, F, I, Q, U or V, a second letter D, F, I, O, Q, U or
    /// V, or the prefixes BG, GB, KN, NK, NT, TN and ZZ.
    static func ninos(in b: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i < b.count {
            guard b[i].isASCIILetter, i == 0 || !b[i - 1].isWordByte else {
                i += 1
                continue
            }
            if let end = ninoEnd(b, from: i) {
                found.append(i..<end)
                i = end
            } else {
                // Skip the rest of this word: a NINO only starts a word, which keeps the scan linear.
                while i < b.count, b[i].isWordByte { i += 1 }
            }
        }
        return found
    }

    private static let excludedFirst = Set("DFIQUV".utf8)
    private static let excludedSecond = Set("DFIOQUV".utf8)
    private static let excludedPrefixes: Set<[UInt8]> = Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].map { Array($0.utf8) })

    /// Where a NINO starting at `start` ends, or nil when none does.
    private static func ninoEnd(_ b: [UInt8], from start: Int) -> Int? {
        var i = start
        func upper(_ c: UInt8) -> UInt8 { c & ~0x20 }
        guard i + 1 < b.count, b[i + 1].isASCIILetter else { return nil }
        let first = upper(b[i]), second = upper(b[i + 1])
        guard !excludedFirst.contains(first), !excludedSecond.contains(second), !excludedPrefixes.contains([first, second]) else { return nil }
        i += 2
        for pair in 0..<3 {
            if i < b.count, b[i] == UInt8(ascii: " "), pair == 0 || b[i - 1].isDigit { i += 1 }
            guard i + 1 < b.count, b[i].isDigit, b[i + 1].isDigit else { return nil }
            i += 2
        }
        if i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
        guard i < b.count, (UInt8(ascii: "A")...UInt8(ascii: "D")).contains(upper(b[i])), b[i].isASCIILetter else { return nil }
        i += 1
        guard i == b.count || !b[i].isWordByte else { return nil }
        return i
    }
}
