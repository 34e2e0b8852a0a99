import Foundation

/// Reads RouterBench wide CSVs: per model `M` a score column `M` (0/1, blank → nil),
/// `M|model_response` (a Python list literal; its first element is the answer) and
/// `M|total_cost` (USD).
///
/// `path` is a directory of such CSVs (read in sorted name order) or one file. The prompt is
/// the last element of the `prompt` list literal, and of that the part after its last blank
/// line: ARC and Winogrande put the same few-shot examples before every question, which no
/// user's prompt carries and which would drown the question's own n-grams;
/// `source` is the `eval_name` value, or the file's stem when that is blank or absent.
public enum RouterBenchImporter {
    /// The outcomes under `path`, with responses and costs, and what was skipped.
    public static func load(
        path: String, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        let files = DataFiles.isDirectory(path) ? try DataFiles.files(in: path, withExtension: "csv") : [path]
        guard !files.isEmpty else { throw DataFileError(path: path, message: "no .csv files found") }
        var table = OutcomeTable(models: [])
        var report = ImportReport()
        for file in files {
            try append(CSVReader(path: file), to: &table, report: &report, options: options)
        }
        return (table, report)
    }

    /// The outcomes of one CSV a reader yields; its path labels errors and names the default source.
    static func load(
        _ reader: CSVReader, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        var table = OutcomeTable(models: [])
        var report = ImportReport()
        try append(reader, to: &table, report: &report, options: options)
        return (table, report)
    }
}

extension RouterBenchImporter {
    /// Columns that are not a model's score.
    private static let metadataColumns: Set<String> = ["", "Unnamed: 0", "sample_id", "prompt", "eval_name", "oracle_model_to_route_to"]

    private struct Columns {
        let prompt: Int
        let evalName: Int?
        let scores: [Int]
        let responses: [Int?]
        let costs: [Int?]

        init(_ header: CSVHeader) throws(DataFileError) {
            prompt = try header.require("prompt")
            evalName = header.column("eval_name")
            scores = header.names.indices.filter {
                !RouterBenchImporter.metadataColumns.contains(header.names[$0]) && !header.names[$0].contains("|")
            }
            guard !scores.isEmpty else {
                throw DataFileError(path: header.path, line: header.line, message: "no model score columns")
            }
            responses = scores.map { header.column(header.names[$0] + "|model_response") }
            costs = scores.map { header.column(header.names[$0] + "|total_cost") }
        }
    }

    private static func append(
        _ reader: CSVReader, to table: inout OutcomeTable, report: inout ImportReport, options: ImportOptions
    ) throws(DataFileError) {
        var reader = reader
        let records = try reader.readAll()
        let header = try CSVHeader(records, path: reader.path)
        let columns = try Columns(header)
        let target = table.alignModels(columns.scores.map { header.names[$0] })
        let stem = DataFiles.stem(reader.path)
        for record in records.dropFirst() {
            do throws(DataFileError) {
                var row = try parse(record, columns, header, modelCount: table.models.count, target: target)
                if row.source.isEmpty { row.source = stem }
                table.rows.append(row)
            } catch {
                try report.skip(error, options: options)
            }
        }
    }

    private static func parse(
        _ record: CSVRecord, _ columns: Columns, _ header: CSVHeader, modelCount: Int, target: [Int]
    ) throws(DataFileError) -> OutcomeRow {
        try header.checkWidth(record)
        let f = record.fields
        guard let last = try list(f[columns.prompt], "prompt", record, header).last else {
            throw header.error(record, "prompt is an empty list")
        }
        let prompt = last.range(of: "\n\n", options: .backwards).map { String(last[$0.upperBound...]) } ?? last
        var row = OutcomeRow(
            prompt: prompt,
            scores: Array(repeating: nil, count: modelCount),
            costs: Array(repeating: nil, count: modelCount),
            responses: Array(repeating: nil, count: modelCount),
            source: columns.evalName.map { f[$0].trimmingASCIISpaces() } ?? "")
        for (k, m) in target.enumerated() {
            let name = header.names[columns.scores[k]]
            let score = f[columns.scores[k]]
            if !Cell.isBlank(score) {
                guard let value = Cell.score(score) else {
                    throw header.error(record, "score of '\(name)' is '\(score)', expected a number in [0, 1]")
                }
                row.scores[m] = value
            }
            if let c = columns.costs[k], !Cell.isBlank(f[c]) {
                guard let usd = Cell.nonNegative(f[c]) else {
                    throw header.error(record, "'\(header.names[c])' is '\(f[c])', expected a non-negative number")
                }
                row.costs?[m] = Float(usd)
            }
            if let c = columns.responses[k], !Cell.isBlank(f[c]) {
                row.responses?[m] = try list(f[c], header.names[c], record, header).first
            }
        }
        return row
    }

    private static func list(
        _ text: String, _ column: String, _ record: CSVRecord, _ header: CSVHeader
    ) throws(DataFileError) -> [String] {
        do {
            return try PythonListLiteral.parse(text)
        } catch {
            throw header.error(record, "'\(column)' is not a Python list of strings: \(error)")
        }
    }
}
