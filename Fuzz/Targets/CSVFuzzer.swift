@testable import TriageCore

/// Training data files, as `triage train` and `triage eval` read them: the CSV reader, then
/// the importers of the CSV formats (outcome, pairwise, Chatbot Arena, RouterBench, whose
/// cells hold Python list literals) over the same bytes, skipping bad rows as
/// `--skip-bad-rows` does.
///
/// Invariants: records start on increasing lines; the records written back as CSV (every
/// field quoted) read back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var csv = CSVReader(bytes: bytes, path: "fuzz.csv")
    if let records = try? csv.readAll() {
        check(zip(records, records.dropFirst()).allSatisfy { $0.line < $1.line }, "record lines do not increase")
        check(records.first.map { $0.line >= 1 } ?? true, "a record before line 1")
        var again = CSVReader(bytes: quotedCSV(records), path: "again.csv")
        let reread = try? again.readAll()
        check(reread?.map(\.fields) == records.map(\.fields), "records changed through a quoted rewrite")
    }
    // Skipping bad rows reads every row the default (stop at the first) would, and more.
    let options = ImportOptions(skipBadRows: true)
    let reader = CSVReader(bytes: bytes, path: "fuzz.csv")
    _ = try? OutcomeCSVImporter.load(reader, options: options)
    _ = try? PairwiseCSVImporter.load(reader, options: options)
    _ = try? ArenaImporter.load(reader, options: options)
    _ = try? RouterBenchImporter.load(reader, options: options)
    _ = try? PythonListLiteral.parse(String(decoding: bytes, as: UTF8.self))
    return 0
}

/// RFC 4180 with every field quoted and quotes doubled, LF line ends.
private func quotedCSV(_ records: [CSVRecord]) -> [UInt8] {
    var out: [UInt8] = []
    for record in records {
        for (k, field) in record.fields.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for b in field.utf8 {
                out.append(b)
                if b == UInt8(ascii: "\"") { out.append(b) }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "\n"))
    }
    return out
}
