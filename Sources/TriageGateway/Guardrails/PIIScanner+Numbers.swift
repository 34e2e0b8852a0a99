import TriageSchema

extension PIIScanner {
    /// A run of digit groups joined by short separators (`-`, `.`, space, parentheses), the
    /// shape every numeric kind is written in.
    struct DigitGroup {
        var digits: [UInt8]
        /// Byte offsets of the digits.
        var range: Range<Int>
        /// Where a `+` or `(` directly before the digits starts (the phone's own prefix).
        var prefixStart: Int
        /// Whether that prefix holds a `+` (an international number).
        var plus: Bool
        /// The bytes between the previous group and this one (empty for the first).
        var separator: [UInt8]
    }

    /// Cards, SSNs, SINs and phones in the text's digit runs, tried in that order at each group.
    func numbers(in b: [UInt8]) -> [Match] {
        var found: [Match] = []
        for run in Self.digitRuns(in: b) {
            var k = 0
            while k < run.count {
                if let find = classify(run, at: k) {
                    let start = find.kind == .phone ? run[k].prefixStart : run[k].range.lowerBound
                    found.append(Match(kind: find.kind, range: start..<run[find.end - 1].range.upperBound))
                    k = find.end
                } else {
                    k += 1
                }
            }
        }
        return found
    }

    /// The kind found at group `k` and the group after it, or nil.
    private func classify(_ g: [DigitGroup], at k: Int) -> (kind: PIIKind, end: Int)? {
        if kinds.contains(.card), let end = Self.card(g, at: k) { return (.card, end) }
        if kinds.contains(.usSSN), let end = Self.ssn(g, at: k) { return (.usSSN, end) }
        if kinds.contains(.caSIN), let end = Self.sin(g, at: k) { return (.caSIN, end) }
        if kinds.contains(.phone), let end = Self.phone(g, at: k) { return (.phone, end) }
        return nil
    }

    // MARK: Runs

    private static func isSeparator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
    }

    /// Splits the text into digit runs; a digit glued to a word (`x123`, `123abc`) starts or
    /// ends none. Each byte is looked at a bounded number of times.
    static func digitRuns(in b: [UInt8]) -> [[DigitGroup]] {
        var runs: [[DigitGroup]] = []
        var i = 0
        while i < b.count {
            if b[i].isWordByte, !b[i].isDigit || (i > 0 && b[i - 1].isWordByte) {
                while i < b.count, b[i].isWordByte { i += 1 }
                continue
            }
            guard b[i].isDigit else {
                i += 1
                continue
            }
            var run: [DigitGroup] = []
            var separator: [UInt8] = []
            var j = i
            while j < b.count, b[j].isDigit {
                let start = j
                while j < b.count, b[j].isDigit { j += 1 }
                var prefixStart = start
                while prefixStart > 0, start - prefixStart < 2, b[prefixStart - 1] == UInt8(ascii: "+") || b[prefixStart - 1] == UInt8(ascii: "(") {
                    prefixStart -= 1
                }
                run.append(DigitGroup(digits: b[start..<j].map(\.digitValue), range: start..<j, prefixStart: prefixStart,
                                      plus: b[prefixStart..<start].contains(UInt8(ascii: "+")), separator: separator))
                var s = j
                while s < b.count, s - j < 3, isSeparator(b[s]) { s += 1 }
                guard s > j, s < b.count, b[s].isDigit else { break }
                separator = Array(b[j..<s])
                j = s
            }
            if j < b.count, b[j].isWordByte { run.removeLast() }
            if !run.isEmpty { runs.append(run) }
            i = j
        }
        return runs
    }

    // MARK: Kinds

    /// 13–19 digits passing Luhn: one block, or groups of 3–6 joined by the same space or dash.
    static func card(_ g: [DigitGroup], at k: Int) -> Int? {
        if (13...19).contains(g[k].digits.count) { return Luhn.isValid(g[k].digits) ? k + 1 : nil }
        guard (3...6).contains(g[k].digits.count) else { return nil }
        var digits = g[k].digits
        var best: Int?
        var j = k + 1
        while j < g.count, (3...6).contains(g[j].digits.count), g[j].separator == g[k + 1].separator,
              g[j].separator == [UInt8(ascii: " ")] || g[j].separator == [UInt8(ascii: "-")] {
            digits += g[j].digits
            if digits.count > 19 { break }
            j += 1
            if digits.count >= 13, Luhn.isValid(digits) { best = j }
        }
        return best
    }

    /// `AAA-GG-SSSS` (dashes or spaces, the same twice), never area 000, 666 or 9xx, group 00
    /// or serial 0000.
    static func ssn(_ g: [DigitGroup], at k: Int) -> Int? {
        guard sameShape(g, at: k, sizes: [3, 2, 4]) else { return nil }
        let area = g[k].digits, group = g[k + 1].digits, serial = g[k + 2].digits
        guard area != [0, 0, 0], area != [6, 6, 6], area[0] != 9, group != [0, 0], serial != [0, 0, 0, 0] else { return nil }
        return k + 3
    }

    /// `NNN-NNN-NNN` (dashes or spaces) passing Luhn; SINs are never issued starting 0 or 8.
    static func sin(_ g: [DigitGroup], at k: Int) -> Int? {
        guard sameShape(g, at: k, sizes: [3, 3, 3]) else { return nil }
        let digits = g[k].digits + g[k + 1].digits + g[k + 2].digits
        guard digits[0] != 0, digits[0] != 8, Luhn.isValid(digits) else { return nil }
        return k + 3
    }

    /// Whether groups from `k` have exactly `sizes` digits, joined by one repeated space or
    /// dash, and the run does not go on with more groups of the same kind.
    private static func sameShape(_ g: [DigitGroup], at k: Int, sizes: [Int]) -> Bool {
        guard k + sizes.count <= g.count else { return false }
        let joint = g[k + 1].separator
        guard joint == [UInt8(ascii: "-")] || joint == [UInt8(ascii: " ")] else { return false }
        for (offset, size) in sizes.enumerated() {
            let group = g[k + offset]
            guard group.digits.count == size, offset == 0 || group.separator == joint else { return false }
        }
        let after = k + sizes.count
        return after == g.count || g[after].separator != joint
    }

    /// `+` and 8–15 digits (E.164); North American `(NXX) NXX-XXXX` with an optional leading 1;
    /// or a national number starting 0 of 10–11 digits in 2–4 groups of 3 or more (UK style).
    static func phone(_ g: [DigitGroup], at k: Int) -> Int? {
        let first = g[k]
        if first.plus {
            var total = 0
            var best: Int?
            for j in k..<g.count {
                total += g[j].digits.count
                if total > 15 { break }
                if total >= 8 { best = j + 1 }
            }
            return best
        }
        var a = k
        if first.digits == [1], k + 3 < g.count { a = k + 1 }
        if a + 3 <= g.count, g[a].digits.count == 3, g[a + 1].digits.count == 3, g[a + 2].digits.count == 4,
           g[a].digits[0] >= 2, g[a + 1].digits[0] >= 2, a + 3 == g.count || g[a + 3].separator != g[a + 2].separator {
            return a + 3
        }
        guard first.digits.first == 0, first.digits.count >= 3 else { return nil }
        var total = 0
        var best: Int?
        for j in k..<min(g.count, k + 4) {
            guard g[j].digits.count >= 3 else { break }
            total += g[j].digits.count
            if total > 11 { break }
            if j > k, total >= 10 { best = j + 1 }
        }
        return best
    }
}
