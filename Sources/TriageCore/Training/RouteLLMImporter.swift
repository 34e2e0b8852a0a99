import Foundation

/// Reads RouteLLM's wide CSVs: `prompt,<model>,<model>...` with True/False per model.
///
/// `path` is a directory laid out like RouteLLM's MMLU data (`responses/*.csv` and an optional
/// `contaminated_prompts.jsonl`), a directory of wide CSVs, or one CSV. Rows are kept one per
/// line (MMLU repeats some questions across subjects); `source` is the file's stem.
public enum RouteLLMImporter {
    /// The outcomes under `path`, with contaminated prompts dropped when their list is present.
    public static func load(
        path: String, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        let files: [String]
        let contaminationList: String?
        if DataFiles.isDirectory(path) {
            let responses = DataFiles.join(path, "responses")
            files = try DataFiles.files(in: DataFiles.isDirectory(responses) ? responses : path, withExtension: "csv")
            guard !files.isEmpty else { throw DataFileError(path: path, message: "no .csv files found") }
            contaminationList = existing(DataFiles.join(path, "contaminated_prompts.jsonl"))
        } else {
            files = [path]
            let directory = DataFiles.directory(of: path)
            contaminationList = existing(DataFiles.join(directory, "contaminated_prompts.jsonl"))
                ?? existing(DataFiles.join(DataFiles.directory(of: directory), "contaminated_prompts.jsonl"))
        }
        let contaminated = try contaminationList.map(contaminatedPrompts) ?? []

        var table = OutcomeTable(models: [])
        var report = ImportReport()
        var dropped = 0
        for file in files {
            dropped += try append(file, to: &table, dropping: contaminated, report: &report, options: options)
        }
        if let contaminationList {
            report.messages.append("\(contaminationList): dropped \(dropped) rows whose prompt is listed as contaminated")
        }
        return (table, report)
    }
}

extension RouteLLMImporter {
    /// Adds one wide CSV's rows and returns how many contaminated rows it dropped.
    private static func append(
        _ path: String, to table: inout OutcomeTable, dropping contaminated: Set<String>,
        report: inout ImportReport, options: ImportOptions
    ) throws(DataFileError) -> Int {
        var reader = try CSVReader(path: path)
        let records = try reader.readAll()
        let header = try CSVHeader(records, path: path)
        let prompt = try header.require("prompt")
        let modelColumns = header.names.indices.filter { $0 != prompt }
        guard !modelColumns.isEmpty else {
            throw DataFileError(path: path, line: header.line, message: "no model columns after 'prompt'")
        }
        let target = table.alignModels(modelColumns.map { header.names[$0] })
        let source = DataFiles.stem(path)
        var dropped = 0
        for record in records.dropFirst() {
            do throws(DataFileError) {
                try header.checkWidth(record)
                if contaminated.contains(record.fields[prompt]) {
                    dropped += 1
                    continue
                }
                var scores = [Float?](repeating: nil, count: table.models.count)
                for (column, m) in zip(modelColumns, target) where !Cell.isBlank(record.fields[column]) {
                    guard let score = Cell.flag(record.fields[column]) else {
                        throw header.error(record, "'\(header.names[column])' is '\(record.fields[column])', expected True or False")
                    }
                    scores[m] = score
                }
                table.rows.append(OutcomeRow(prompt: record.fields[prompt], scores: scores, source: source))
            } catch {
                try report.skip(error, options: options)
            }
        }
        return dropped
    }

    /// The `eval_prompt` of every line of RouteLLM's contamination list.
    private static func contaminatedPrompts(_ path: String) throws(DataFileError) -> Set<String> {
        let text = String(decoding: try DataFiles.read(path), as: UTF8.self)
        var prompts: Set<String> = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !Cell.isBlank(String(line)) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let prompt = object["eval_prompt"] as? String else {
                throw DataFileError(path: path, line: i + 1, message: "expected a JSON object with a string 'eval_prompt'")
            }
            prompts.insert(prompt)
        }
        return prompts
    }

    private static func existing(_ path: String) -> String? {
        DataFiles.exists(path) ? path : nil
    }
}
