import Foundation

/// Reads LLMRouter's `train.json`: an array of `{question, scores: {model: number}, cluster_id}`.
///
/// `path` is the file or its directory. Models are sorted by name, because JSON objects carry
/// no order. When `default_llm.json` (per-model `input_price` and `output_price`, USD per
/// million tokens) sits beside it, costs are filled with an estimate; `source` is `llmrouter`.
public enum LLMRouterImporter {
    /// The source has no per-query token counts, so a call's cost is estimated from the prompt
    /// length at about 4 characters per token and this assumed answer length.
    public static let assumedOutputTokens: Double = 256

    /// The outcomes in `path`, and what was skipped.
    public static func load(
        path: String, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        let file = DataFiles.isDirectory(path) ? DataFiles.join(path, "train.json") : path
        let entries = try decode([Entry].self, from: file)
        let pricesFile = DataFiles.join(DataFiles.directory(of: file), "default_llm.json")
        let prices = DataFiles.exists(pricesFile) ? try decode([String: Price].self, from: pricesFile) : nil

        let models = Set(entries.flatMap { $0.scores?.keys.map { $0 } ?? [] }).sorted()
        guard models.count <= OutcomeTable.maxModels else {
            throw DataFileError(path: file, message: "\(models.count) distinct models in 'scores', over the limit of \(OutcomeTable.maxModels)")
        }
        let modelPrices = models.map { prices?[$0] }
        var rows: [OutcomeRow] = []
        var report = ImportReport()
        for (i, entry) in entries.enumerated() {
            do throws(EntryError) {
                rows.append(try row(entry, models: models, prices: prices == nil ? nil : modelPrices))
            } catch {
                // JSON has no useful line numbers; the entry's index locates it instead.
                try report.skip(DataFileError(path: file, message: "entry \(i): \(error.message)"), options: options)
            }
        }
        return (OutcomeTable(models: models, rows: rows), report)
    }
}

extension LLMRouterImporter {
    private struct EntryError: Error {
        var message: String
    }

    private struct Entry: Decodable {
        var question: String?
        var scores: [String: Double]?
    }

    private struct Price: Decodable {
        var inputPrice: Double?
        var outputPrice: Double?

        enum CodingKeys: String, CodingKey {
            case inputPrice = "input_price"
            case outputPrice = "output_price"
        }
    }

    private static func row(_ entry: Entry, models: [String], prices: [Price?]?) throws(EntryError) -> OutcomeRow {
        guard let question = entry.question, !question.isEmpty else {
            throw EntryError(message: "missing or empty 'question'")
        }
        guard let scores = entry.scores else { throw EntryError(message: "missing 'scores'") }
        for (model, score) in scores where !(0...1).contains(score) {
            throw EntryError(message: "score of '\(model)' is \(score), outside [0, 1]")
        }
        let promptTokens = Double(question.unicodeScalars.count) / 4
        return OutcomeRow(
            prompt: question,
            scores: models.map { scores[$0].map(Float.init) },
            costs: prices?.map { price in
                guard let input = price?.inputPrice, let output = price?.outputPrice else { return nil }
                return Float((promptTokens * input + assumedOutputTokens * output) / 1e6)
            },
            source: "llmrouter")
    }

    private static func decode<T: Decodable>(_ type: T.Type, from path: String) throws(DataFileError) -> T {
        let data = try DataFiles.data(path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let at = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            throw DataFileError(path: path, message: "unexpected value at \(at): \(context.debugDescription)")
        } catch {
            throw DataFileError(path: path, message: "not valid JSON of the expected shape: \(error)")
        }
    }
}
