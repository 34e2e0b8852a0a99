/// Parses a Python list-of-strings literal, such as `['a', "b\n", 'it\'s']`, into `[String]`.
///
/// RouterBench stores prompts and answers as Python `repr`s of lists. Supports single and
/// double quotes, `r`/`u` prefixes, and the escapes `\n \t \r \\ \' \" \a \b \f \v \0-\777
/// \xNN \uNNNN \UNNNNNNNN` and backslash-newline; an unknown escape keeps its backslash, as
/// Python does.
public enum PythonListLiteral {
    /// Why a literal could not be parsed, and the byte offset where that was noticed.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// The list's strings in order.
    public static func parse(_ text: String) throws(ParseError) -> [String] {
        var text = text
        // withUTF8 only rethrows untyped errors, so the typed one travels out in a Result.
        return try text.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            return Result { () throws(ParseError) in try parser.list() }
        }.get()
    }
}

extension PythonListLiteral {
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func list() throws(ParseError) -> [String] {
            skipSpaces()
            try expect(UInt8(ascii: "["))
            var items: [String] = []
            skipSpaces()
            while peek() != UInt8(ascii: "]") {
                items.append(try string())
                skipSpaces()
                guard peek() == UInt8(ascii: ",") else { break }
                i += 1
                skipSpaces()
            }
            try expect(UInt8(ascii: "]"))
            skipSpaces()
            guard i == bytes.count else { throw fail("unexpected text after the list") }
            return items
        }

        private mutating func string() throws(ParseError) -> String {
            var raw = false
            while let c = peek(), c == UInt8(ascii: "r") || c == UInt8(ascii: "R")
                || c == UInt8(ascii: "u") || c == UInt8(ascii: "U") {
                if c == UInt8(ascii: "r") || c == UInt8(ascii: "R") { raw = true }
                i += 1
            }
            guard let q = peek(), q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else {
                throw fail("expected a quoted string")
            }
            i += 1
            var out: [UInt8] = []
            while true {
                guard let c = peek() else { throw fail("unterminated string") }
                i += 1
                if c == q { break }
                if c == UInt8(ascii: "\\") {
                    if raw {
                        // In raw strings a backslash still protects the next byte from closing the string.
                        out.append(c)
                        if let next = peek() { out.append(next); i += 1 }
                    } else {
                        try escape(into: &out)
                    }
                } else {
                    out.append(c)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Decodes the escape after a backslash.
        private mutating func escape(into out: inout [UInt8]) throws(ParseError) {
            guard let c = peek() else { throw fail("unterminated string") }
            i += 1
            switch c {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(c)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "x"): append(scalar: try hex(digits: 2), to: &out)
            case UInt8(ascii: "u"): append(scalar: try hex(digits: 4), to: &out)
            case UInt8(ascii: "U"): append(scalar: try hex(digits: 8), to: &out)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(c - UInt8(ascii: "0"))
                for _ in 0..<2 {
                    guard let d = peek(), d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { break }
                    value = value * 8 + UInt32(d - UInt8(ascii: "0"))
                    i += 1
                }
                append(scalar: value, to: &out)
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            }
        }

        private mutating func hex(digits: Int) throws(ParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let c = peek(), let d = Self.hexValue(c) else { throw fail("bad hexadecimal escape") }
                value = value &* 16 &+ d
                i += 1
            }
            return value
        }

        private static func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        /// Lone surrogates and out-of-range values, legal in Python strings, become U+FFFD.
        private func append(scalar value: UInt32, to out: inout [UInt8]) {
            UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { out.append($0) }
        }

        private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        private mutating func skipSpaces() {
            while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
        }

        private mutating func expect(_ c: UInt8) throws(ParseError) {
            guard peek() == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
            i += 1
        }

        private func fail(_ message: String) -> ParseError { ParseError(message: message, offset: i) }
    }
}
