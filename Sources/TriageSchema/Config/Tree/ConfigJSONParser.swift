import Foundation

/// Reads JSON (RFC 8259) into a `ConfigTree`, keeping key order and reporting where it broke.
///
/// Foundation's `JSONSerialization` would do the parsing, but it loses key order, merges
/// booleans into numbers, lets duplicate keys overwrite one another silently and reports
/// positions only in prose; a config checker needs all four right, so this small reader exists.
struct ConfigJSONParser {
    /// Beyond this nesting depth the document is rejected rather than risking the stack.
    static let maximumDepth = 128

    private let bytes: [UInt8]
    private var offset = 0
    private var path: [ConfigPath.Component] = []
    /// Duplicate keys are reported without stopping, so the rest of the file is still checked.
    private var duplicates: [ConfigIssue] = []
    /// Where `lineAndColumn` last stopped. Duplicates are reported in document order, so each
    /// lookup goes on from the one before instead of rescanning the file from its start (which
    /// made a file of repeated keys quadratic: 100 KB took seconds, 1 MB minutes).
    private var cursor = (offset: 0, line: 1, column: 1)

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The tree and any duplicate-key issues; throws one `.syntax` issue when the bytes are not JSON.
    static func parse(_ data: Data) throws(ConfigError) -> (tree: ConfigTree, duplicates: [ConfigIssue]) {
        var parser = ConfigJSONParser(bytes: Array(data))
        do {
            let tree = try parser.document()
            return (tree, parser.duplicates)
        } catch {
            let (line, column) = parser.lineAndColumn(of: error.offset)
            throw ConfigError([ConfigIssue(.syntax(line: line, column: column), at: .root, error.message)])
        }
    }

    // MARK: Grammar

    private mutating func document() throws(Failure) -> ConfigTree {
        // A UTF-8 byte-order mark is tolerated: some editors on Windows write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        skipWhitespace()
        guard offset < bytes.count else { throw Failure(offset, "the document is empty") }
        let tree = try value(depth: 0)
        skipWhitespace()
        if offset < bytes.count {
            throw Failure(offset, "unexpected \(describe(bytes[offset])) after the end of the document")
        }
        return tree
    }

    private mutating func value(depth: Int) throws(Failure) -> ConfigTree {
        guard depth < Self.maximumDepth else { throw Failure(offset, "nesting deeper than \(Self.maximumDepth) levels") }
        guard offset < bytes.count else { throw Failure(offset, "unexpected end of input; expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "/"): throw Failure(offset, "comments are not allowed in JSON")
        case UInt8(ascii: "'"): throw Failure(offset, "strings must use double quotes")
        case let byte: throw Failure(offset, "unexpected \(describe(byte)); expected a value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> ConfigTree {
        offset += 1  // {
        var members: [ConfigTree.Member] = []
        var seen: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { offset += 1; return .object([]) }
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw Failure(offset, "unexpected end of input inside an object") }
            if bytes[offset] == UInt8(ascii: "}") { throw Failure(offset, "trailing comma before '}'") }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw Failure(offset, "unexpected \(describe(bytes[offset])); expected a key in double quotes")
            }
            let keyOffset = offset
            let key = try string()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw Failure(offset, "expected ':' after the key \"\(key)\"") }
            offset += 1
            skipWhitespace()
            path.append(.key(key))
            let member = try value(depth: depth + 1)
            path.removeLast()
            if seen.insert(key).inserted {
                members.append(.init(key, member))
            } else {
                // Keep the first value; the issue makes the document invalid anyway.
                let (line, column) = lineAndColumn(of: keyOffset)
                duplicates.append(.invalid(ConfigPath(path + [.key(key)]),
                                           "duplicate key (again at line \(line), column \(column))"))
            }
            skipWhitespace()
            guard offset < bytes.count else { throw Failure(offset, "unexpected end of input; expected ',' or '}'") }
            switch bytes[offset] {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return .object(members)
            case let byte: throw Failure(offset, "unexpected \(describe(byte)); expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> ConfigTree {
        offset += 1  // [
        var elements: [ConfigTree] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { offset += 1; return .array([]) }
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { throw Failure(offset, "trailing comma before ']'") }
            path.append(.index(elements.count))
            elements.append(try value(depth: depth + 1))
            path.removeLast()
            skipWhitespace()
            guard offset < bytes.count else { throw Failure(offset, "unexpected end of input; expected ',' or ']'") }
            switch bytes[offset] {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return .array(elements)
            case let byte: throw Failure(offset, "unexpected \(describe(byte)); expected ',' or ']'")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        let start = offset
        offset += 1  // opening quote
        var buffer: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw Failure(start, "unterminated string") }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let text = String(bytes: buffer, encoding: .utf8) else {
                    throw Failure(start, "string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &buffer)
            case 0..<0x20:
                throw Failure(offset, "control character in a string; write it as an escape such as \\n")
            default:
                buffer.append(byte)
                offset += 1
            }
        }
    }

    private mutating func escape(into buffer: inout [UInt8]) throws(Failure) {
        let start = offset
        offset += 1  // backslash
        guard offset < bytes.count else { throw Failure(start, "unterminated string") }
        let code = bytes[offset]
        offset += 1
        switch code {
        case UInt8(ascii: "\""): buffer.append(code)
        case UInt8(ascii: "\\"): buffer.append(code)
        case UInt8(ascii: "/"): buffer.append(code)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeStart: start)
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one; together they are one scalar.
                guard peek(UInt8(ascii: "\\")), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw Failure(start, "unpaired surrogate in \\u escape")
                }
                offset += 2
                let low = try hex4(escapeStart: start)
                guard (0xDC00..<0xE000).contains(low) else { throw Failure(start, "unpaired surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw Failure(start, "unpaired surrogate in \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure(start, "invalid \\u escape") }
            buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw Failure(start, "invalid escape '\\\(Character(Unicode.Scalar(code)))'")
        }
    }

    private mutating func hex4(escapeStart: Int) throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Failure(escapeStart, "incomplete \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[offset..<offset + 4] {
            guard let digit = Self.hexDigit(byte) else { throw Failure(escapeStart, "invalid \\u escape") }
            value = value << 4 | digit
        }
        offset += 4
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(Failure) -> Double {
        let start = offset
        if peek(UInt8(ascii: "-")) { offset += 1 }
        if peek(UInt8(ascii: "0")) {
            offset += 1
            if peekDigit() { throw Failure(start, "numbers may not have leading zeros") }
        } else {
            guard peekDigit() else { throw Failure(offset, "expected a digit") }
            skipDigits()
        }
        if peek(UInt8(ascii: ".")) {
            offset += 1
            guard peekDigit() else { throw Failure(offset, "expected a digit after '.'") }
            skipDigits()
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard peekDigit() else { throw Failure(offset, "expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let x = Double(text), x.isFinite else { throw Failure(start, "number \(text) is out of range") }
        return x
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count - offset >= expected.count,
              bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw Failure(offset, "unexpected \(describe(bytes[offset])); expected a value")
        }
        offset += expected.count
    }

    // MARK: Scanning

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func skipDigits() {
        while peekDigit() { offset += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    private func peekDigit() -> Bool {
        offset < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset])
    }

    private func describe(_ byte: UInt8) -> String {
        if byte == UInt8(ascii: "'") { return "\"'\"" }
        return (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
    }

    /// 1-based line and column; columns count characters (UTF-8 lead bytes), not bytes, so
    /// they match what an editor shows.
    private mutating func lineAndColumn(of target: Int) -> (Int, Int) {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = max(start, min(target, bytes.count))
        if cursor.offset < start || cursor.offset > end { cursor = (start, 1, 1) }
        for byte in bytes[cursor.offset..<end] {
            if byte == 0x0A {
                cursor.line += 1
                cursor.column = 1
            } else if byte & 0xC0 != 0x80 {
                cursor.column += 1
            }
        }
        cursor.offset = end
        return (cursor.line, cursor.column)
    }

    /// Where and why parsing stopped.
    private struct Failure: Error {
        var offset: Int
        var message: String

        init(_ offset: Int, _ message: String) {
            self.offset = offset
            self.message = message
        }
    }
}
