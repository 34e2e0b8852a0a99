/// Reads the long outcome CSV `prompt,model,score[,cost_usd][,input_tokens][,output_tokens][,response][,source]`.
///
/// Columns are found by name in any order; unknown columns are ignored. Rows with the same
/// prompt text merge into one `OutcomeRow`; models are ordered by first appearance.
public enum OutcomeCSVImporter {
    /// The outcomes in `path`, and what was skipped.
    public static func load(
        path: String, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        try load(CSVReader(path: path), options: options)
    }

    /// The outcomes a reader yields; its path labels errors and names the default source.
    static func load(
        _ reader: CSVReader, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        var reader = reader
        let path = reader.path
        let records = try reader.readAll()
        let header = try CSVHeader(records, path: path)
        let columns = try Columns(header)
        var table = TableBuilder(columns: columns, defaultSource: DataFiles.stem(path))
        var report = ImportReport()
        for record in records.dropFirst() {
            do throws(DataFileError) {
                try table.add(try columns.outcome(record, header), record, header)
            } catch {
                try report.skip(error, options: options)
            }
        }
        return (table.build(), report)
    }
}

extension OutcomeCSVImporter {
    private struct Outcome {
        var prompt: String
        var model: String
        var score: Float
        var cost: Float?
        var response: String?
        var source: String?
    }

    private struct Columns {
        let prompt: Int, model: Int, score: Int
        let cost: Int?, inputTokens: Int?, outputTokens: Int?, response: Int?, source: Int?

        init(_ header: CSVHeader) throws(DataFileError) {
            prompt = try header.require("prompt")
            model = try header.require("model")
            score = try header.require("score")
            cost = header.column("cost_usd")
            inputTokens = header.column("input_tokens")
            outputTokens = header.column("output_tokens")
            response = header.column("response")
            source = header.column("source")
        }

        func outcome(_ record: CSVRecord, _ header: CSVHeader) throws(DataFileError) -> Outcome {
            try header.checkWidth(record)
            let f = record.fields
            guard !f[prompt].isEmpty else { throw header.error(record, "empty prompt") }
            let model = f[model].trimmingASCIISpaces()
            guard !model.isEmpty else { throw header.error(record, "empty model") }
            guard let score = Cell.score(f[score]) else {
                throw header.error(record, "score '\(f[score])' is not a number in [0, 1]")
            }
            var outcome = Outcome(prompt: f[prompt], model: model, score: score)
            if let cost, !Cell.isBlank(f[cost]) {
                guard let usd = Cell.nonNegative(f[cost]) else {
                    throw header.error(record, "cost_usd '\(f[cost])' is not a non-negative number")
                }
                outcome.cost = Float(usd)
            }
            // Token counts are validated so a shifted column is caught, but OutcomeTable has no
            // place for them: cost_usd is what routing uses.
            for (name, column) in [("input_tokens", inputTokens), ("output_tokens", outputTokens)] {
                guard let column, !Cell.isBlank(f[column]) else { continue }
                guard let n = Cell.nonNegative(f[column]), n == n.rounded() else {
                    throw header.error(record, "\(name) '\(f[column])' is not a non-negative integer")
                }
            }
            if let response, !f[response].isEmpty { outcome.response = f[response] }
            if let source, !Cell.isBlank(f[source]) { outcome.source = f[source] }
            return outcome
        }
    }

    /// Merges long rows into one row per prompt.
    private struct TableBuilder {
        let columns: Columns
        let defaultSource: String
        var models: [String] = []
        var modelIndex: [String: Int] = [:]
        var rows: [OutcomeRow] = []
        var rowIndex: [String: Int] = [:]

        init(columns: Columns, defaultSource: String) {
            self.columns = columns
            self.defaultSource = defaultSource
        }

        mutating func add(_ o: Outcome, _ record: CSVRecord, _ header: CSVHeader) throws(DataFileError) {
            if let r = rowIndex[o.prompt], let m = modelIndex[o.model], m < rows[r].scores.count, rows[r].scores[m] != nil {
                throw header.error(record, "a second score for model '\(o.model)' on the same prompt")
            }
            let m = try position(ofModel: o.model, record, header)
            let r = position(ofRowFor: o)
            Self.pad(&rows[r], to: models.count)
            rows[r].scores[m] = o.score
            rows[r].costs?[m] = o.cost
            rows[r].responses?[m] = o.response
        }

        mutating func build() -> OutcomeTable {
            for r in rows.indices { Self.pad(&rows[r], to: models.count) }
            return OutcomeTable(models: models, rows: rows)
        }

        private mutating func position(ofModel model: String, _ record: CSVRecord, _ header: CSVHeader) throws(DataFileError) -> Int {
            if let m = modelIndex[model] { return m }
            guard models.count < OutcomeTable.maxModels else {
                throw header.error(record, "model '\(model)' would be distinct model number \(models.count + 1), over the limit of \(OutcomeTable.maxModels); is 'model' the column of model names?")
            }
            models.append(model)
            modelIndex[model] = models.count - 1
            return models.count - 1
        }

        private mutating func position(ofRowFor o: Outcome) -> Int {
            if let r = rowIndex[o.prompt] { return r }
            rows.append(OutcomeRow(
                prompt: o.prompt, scores: [],
                costs: columns.cost == nil ? nil : [],
                responses: columns.response == nil ? nil : [],
                source: o.source ?? defaultSource))
            rowIndex[o.prompt] = rows.count - 1
            return rows.count - 1
        }

        private static func pad(_ row: inout OutcomeRow, to count: Int) {
            let missing = count - row.scores.count
            guard missing > 0 else { return }
            row.scores += Array(repeating: nil, count: missing)
            row.costs? += Array(repeating: nil, count: missing)
            row.responses? += Array(repeating: nil, count: missing)
        }
    }
}
