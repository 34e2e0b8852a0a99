/// A strict RFC 8259 parser over raw bytes that keeps object key order.
///
/// Written by hand rather than on `JSONSerialization` because Foundation's parser returns
/// unordered dictionaries and turns integers into `NSNumber`s whose exactness is hard to recover.
/// Recursion is bounded by `maxDepth` so hostile input cannot overflow the stack.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var i = 0
    private var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses one value that must span the whole input (surrounding whitespace allowed).
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard i == bytes.count else { throw fail("unexpected content after the JSON value") }
        return value
    }

    /// Parses only the member `name` of a top-level object, skipping the others without building
    /// them; nil when the input is not an object or has no such member.
    mutating func topLevelMember(named name: String) throws(JSONParseError) -> JSONValue? {
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { return nil }
        i += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") { return nil }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            try expectColon()
            if key == name { return try parseValue() }
            try skipValue()
            skipWhitespace()
            guard try continueContainer(closing: UInt8(ascii: "}")) else { return nil }
        }
    }

    /// Checks that the whole input is one well-formed JSON object and builds only the members
    /// named in `names` (by their position there); the others are stepped over. A gateway
    /// forwarding an upstream answer needs its validity and its usage, not a tree of it.
    mutating func selectedMembers(_ names: [String]) throws(JSONParseError) -> [JSONValue?] {
        var found = [JSONValue?](repeating: nil, count: names.count)
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { throw fail("expected a JSON object") }
        i += 1
        try enter()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try parseString()
                try expectColon()
                if let slot = names.firstIndex(of: key) { found[slot] = try parseValue() } else { try skipValue() }
                skipWhitespace()
                guard try continueContainer(closing: UInt8(ascii: "}")) else { break }
            }
        }
        depth -= 1
        skipWhitespace()
        guard i == bytes.count else { throw fail("unexpected content after the JSON value") }
        return found
    }

    // MARK: Values

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private func fail(_ reason: String) -> JSONParseError {
        JSONParseError(offset: i, reason: reason)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let b = peek else { throw fail("unexpected end of input") }
        switch b {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw fail("unexpected character \(Self.describe(b))")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] {
            throw fail("invalid literal, expected '\(word)'")
        }
        i += n
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw fail("nesting deeper than \(maxDepth) levels") }
    }

    private mutating func expectColon() throws(JSONParseError) {
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
        i += 1
        skipWhitespace()
    }

    /// After a member or element: consumes `,` (true: another follows) or the closing bracket (false).
    private mutating func continueContainer(closing: UInt8) throws(JSONParseError) -> Bool {
        guard let b = peek else { throw fail("unexpected end of input") }
        if b == UInt8(ascii: ",") {
            i += 1
            skipWhitespace()
            return true
        }
        if b == closing {
            i += 1
            return false
        }
        throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        skipWhitespace()
        var object = JSONObject()
        if peek == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            try expectColon()
            // A repeated key keeps the last value, as Python's json module does.
            object[key] = try parseValue()
            skipWhitespace()
            guard try continueContainer(closing: UInt8(ascii: "}")) else { break }
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if peek == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard try continueContainer(closing: UInt8(ascii: "]")) else { break }
        }
        depth -= 1
        return .array(elements)
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, so the string is the bytes between the quotes.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[start..<i]), at: start)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character in string") }
            i += 1
        }
        var buffer = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                return try buffer.withUnsafeBufferPointer { p throws(JSONParseError) in
                    try decodeUTF8(p, at: start)
                }
            case UInt8(ascii: "\\"):
                try appendEscape(to: &buffer)
            case 0..<0x20:
                throw fail("unescaped control character in string")
            default:
                buffer.append(b)
                i += 1
            }
        }
        throw fail("unterminated string")
    }

    private func decodeUTF8(_ p: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONParseError) -> String {
        guard let s = String(validating: p, as: UTF8.self) else {
            throw JSONParseError(offset: offset, reason: "string is not valid UTF-8")
        }
        return s
    }

    private mutating func appendEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
        i += 1
        guard let e = peek else { throw fail("unterminated string") }
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape()
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            i -= 1
            throw fail("invalid escape \\\(Character(Unicode.Scalar(e)))")
        }
    }

    /// Reads the hex after `\u`, joining a surrogate pair; a lone surrogate becomes U+FFFD because
    /// Swift strings cannot hold one.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try parseHex4()
        guard (0xD800...0xDBFF).contains(high) else {
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            return "\u{FFFD}"
        }
        let save = i
        i += 2
        let low = try parseHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            i = save  // not a pair: leave the second escape to be read on its own
            return "\u{FFFD}"
        }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unterminated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt32(digit)
            i += 1
        }
        return v
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, Self.isDigit(first) else { throw fail("invalid number") }
        i += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            i += 1
            guard let d = peek, Self.isDigit(d) else { throw fail("expected a digit after '.'") }
            skipDigits()
            isInteger = false
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard let d = peek, Self.isDigit(d) else { throw fail("expected a digit in the exponent") }
            skipDigits()
            isInteger = false
        }
        let lexeme = UnsafeBufferPointer(rebasing: bytes[start..<i])
        if isInteger, let exact = Self.int64(lexeme) { return .integer(exact) }
        guard let d = Double(String(decoding: lexeme, as: UTF8.self)), d.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .number(d)
    }

    private mutating func skipDigits() {
        while let b = peek, Self.isDigit(b) { i += 1 }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The integer a validated lexeme spells, or nil when it overflows 64 bits.
    private static func int64(_ lexeme: UnsafeBufferPointer<UInt8>) -> Int64? {
        var negative = false
        var k = 0
        if lexeme.first == UInt8(ascii: "-") {
            negative = true
            k = 1
        }
        // Accumulate downwards so Int64.min, whose magnitude has no positive twin, still fits.
        var v: Int64 = 0
        while k < lexeme.count {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(lexeme[k] - 0x30))
            if o1 || o2 { return nil }
            v = s
            k += 1
        }
        if negative { return v }
        return v == .min ? nil : -v
    }

    // MARK: Skipping

    /// Steps over one value without building it, checking only enough to find where it ends.
    private mutating func skipValue() throws(JSONParseError) {
        guard let b = peek else { throw fail("unexpected end of input") }
        switch b {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    i += 1
                    return
                case UInt8(ascii: "\\"): i += 2
                default: i += 1
                }
            }
            throw fail("unterminated string")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try enter()
            let closing = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipWhitespace()
            if peek == closing {
                i += 1
                depth -= 1
                return
            }
            while true {
                if b == UInt8(ascii: "{"), peek != UInt8(ascii: "\"") { throw fail("expected a string key") }
                try skipValue()
                skipWhitespace()
                if b == UInt8(ascii: "{") {
                    try expectColon()
                    try skipValue()
                    skipWhitespace()
                }
                guard try continueContainer(closing: closing) else { break }
            }
            depth -= 1
        default:
            _ = try parseValue()
        }
    }

    private static func describe(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }
}
