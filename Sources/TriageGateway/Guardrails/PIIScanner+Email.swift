extension PIIScanner {
    /// `local@domain.tld`: a local part of letters, digits and `._%+-` (no leading, trailing or
    /// doubled dot), two or more domain labels of letters, digits and inner hyphens, and a
    /// top-level domain of two or more letters. A sentence's final dot is not part of it.
    ///
    /// Linear: the scans left and right of each `@` stop at the next `@`, which neither part holds.
    static func emails(in b: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var floor = 0
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "@") else {
                i += 1
                continue
            }
            var start = i
            while start > floor, isLocalByte(b[start - 1]) { start -= 1 }
            while start < i, b[start] == UInt8(ascii: ".") { start += 1 }
            var end = i + 1
            while end < b.count, isDomainByte(b[end]) { end += 1 }
            while end > i + 1, b[end - 1] == UInt8(ascii: ".") { end -= 1 }
            if isLocalPart(b[start..<i]), isDomain(b[(i + 1)..<end]) {
                found.append(start..<end)
                floor = end
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    private static func isLocalByte(_ c: UInt8) -> Bool {
        c.isDigit || c.isASCIILetter || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "%")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    private static func isDomainByte(_ c: UInt8) -> Bool {
        c.isDigit || c.isASCIILetter || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
    }

    private static func isLocalPart(_ s: ArraySlice<UInt8>) -> Bool {
        guard !s.isEmpty, s.count <= 64, s.last != UInt8(ascii: ".") else { return false }
        return !zip(s, s.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }

    private static func isDomain(_ s: ArraySlice<UInt8>) -> Bool {
        let labels = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isASCIILetter) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
        }
    }
}
