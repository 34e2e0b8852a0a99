/// Column positions of a CSV header, looked up by name.
struct CSVHeader {
    let path: String
    let line: Int
    let names: [String]
    private let positions: [String: Int]

    /// Reads the first record as the header; a file without one is an error.
    init(_ records: [CSVRecord], path: String) throws(DataFileError) {
        guard let first = records.first else {
            throw DataFileError(path: path, message: "empty file: expected a header line")
        }
        self.path = path
        self.line = first.line
        self.names = first.fields.map { $0.trimmingASCIISpaces() }
        var positions: [String: Int] = [:]
        for (i, name) in names.enumerated() where positions[name] == nil { positions[name] = i }
        self.positions = positions
    }

    func column(_ name: String) -> Int? { positions[name] }

    func require(_ name: String) throws(DataFileError) -> Int {
        guard let i = positions[name] else {
            throw DataFileError(path: path, line: line, message: "missing required column '\(name)'")
        }
        return i
    }

    /// An error at a record's line.
    func error(_ record: CSVRecord, _ message: String) -> DataFileError {
        DataFileError(path: path, line: record.line, message: message)
    }

    /// Rejects a record whose width differs from the header's.
    func checkWidth(_ record: CSVRecord) throws(DataFileError) {
        guard record.fields.count == names.count else {
            throw error(record, "expected \(names.count) fields as in the header, found \(record.fields.count)")
        }
    }
}
