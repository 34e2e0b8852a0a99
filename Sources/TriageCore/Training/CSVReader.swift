import Foundation

/// An RFC 4180 CSV reader over UTF-8 bytes.
///
/// Accepts CRLF, LF or lone CR line ends, a UTF-8 BOM and a missing final newline; skips
/// blank lines. It returns records of any width: the importers decide what a ragged row means.
public struct CSVReader: Sendable {
    /// Shown in errors.
    public let path: String
    private let bytes: [UInt8]
    private var offset: Int
    private var line = 1

    /// Reads from bytes already in memory; `path` only labels errors.
    public init(bytes: [UInt8], path: String = "<memory>") {
        self.path = path
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        self.offset = bytes.starts(with: bom) ? bom.count : 0
    }

    /// Reads a whole file.
    public init(path: String) throws(DataFileError) {
        self.init(bytes: try DataFiles.read(path), path: path)
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(DataFileError) -> CSVRecord? {
        var i = offset
        var ln = line
        let path = path
        let record = try bytes.withUnsafeBufferPointer { buf throws(DataFileError) in
            try CSVReader.parseRecord(buf, at: &i, line: &ln, path: path)
        }
        offset = i
        line = ln
        return record
    }

    /// All remaining records.
    public mutating func readAll() throws(DataFileError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }
}

extension CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private static func parseRecord(
        _ buf: UnsafeBufferPointer<UInt8>, at i: inout Int, line ln: inout Int, path: String
    ) throws(DataFileError) -> CSVRecord? {
        let n = buf.count
        // Blank lines carry no record; treating them as one empty field would make every
        // trailing blank line a ragged-row error.
        while i < n, buf[i] == lf || buf[i] == cr {
            if buf[i] == cr, i + 1 < n, buf[i + 1] == lf { i += 1 }
            i += 1
            ln += 1
        }
        guard i < n else { return nil }

        let recordLine = ln
        var fields: [String] = []
        while true {
            if i < n, buf[i] == quote {
                fields.append(try quotedField(buf, at: &i, line: &ln, path: path))
            } else {
                let start = i
                while i < n, buf[i] != comma, buf[i] != lf, buf[i] != cr { i += 1 }
                fields.append(string(buf, start..<i))
            }
            guard i < n else { break }
            switch buf[i] {
            case comma:
                i += 1
            case cr:
                i += 1
                if i < n, buf[i] == lf { i += 1 }
                ln += 1
                return CSVRecord(fields: fields, line: recordLine)
            case lf:
                i += 1
                ln += 1
                return CSVRecord(fields: fields, line: recordLine)
            default:
                throw DataFileError(path: path, line: ln, message: "a closing quote must be followed by a comma or a line end")
            }
        }
        return CSVRecord(fields: fields, line: recordLine)
    }

    /// Reads a quoted field starting at its opening quote; leaves `i` after the closing quote.
    private static func quotedField(
        _ buf: UnsafeBufferPointer<UInt8>, at i: inout Int, line ln: inout Int, path: String
    ) throws(DataFileError) -> String {
        let fieldLine = ln
        let n = buf.count
        i += 1
        let start = i
        var doubledQuotes = false
        while true {
            guard i < n else {
                throw DataFileError(path: path, line: fieldLine, message: "unterminated quoted field")
            }
            let c = buf[i]
            if c == quote {
                if i + 1 < n, buf[i + 1] == quote {
                    doubledQuotes = true
                    i += 2
                    continue
                }
                break
            }
            if c == lf { ln += 1 }
            i += 1
        }
        let end = i
        i += 1
        guard doubledQuotes else { return string(buf, start..<end) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(end - start)
        var j = start
        while j < end {
            unescaped.append(buf[j])
            j += buf[j] == quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    private static func string(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[range]), as: UTF8.self)
    }
}
