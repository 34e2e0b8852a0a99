/// Parsers for single CSV cells; each returns nil when the text is not a valid value.
enum Cell {
    /// A finite number, allowing surrounding spaces.
    static func number(_ text: String) -> Double? {
        guard let x = Double(text.trimmingASCIISpaces()), x.isFinite else { return nil }
        return x
    }

    /// A quality score in [0, 1].
    static func score(_ text: String) -> Float? {
        guard let x = number(text), x >= 0, x <= 1 else { return nil }
        return Float(x)
    }

    /// A non-negative amount (cost, tokens).
    static func nonNegative(_ text: String) -> Double? {
        guard let x = number(text), x >= 0 else { return nil }
        return x
    }

    /// A correctness flag as pandas writes it (`True`/`False`) or as 1/0, mapped to 1/0.
    static func flag(_ text: String) -> Float? {
        switch text.trimmingASCIISpaces() {
        case "True", "true", "TRUE": return 1
        case "False", "false", "FALSE": return 0
        default: return score(text).flatMap { $0 == 0 || $0 == 1 ? $0 : nil }
        }
    }

    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}

extension String {
    /// Trims spaces and tabs only: cheap, and enough for hand-edited numbers and names.
    func trimmingASCIISpaces() -> String {
        guard let first = utf8.first, let last = utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return self }
        var sub = Substring(self)
        while let c = sub.first, c == " " || c == "\t" { sub.removeFirst() }
        while let c = sub.last, c == " " || c == "\t" { sub.removeLast() }
        return String(sub)
    }
}
