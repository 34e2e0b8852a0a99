import Foundation

/// Prompts to score: a CSV with a `prompt` column, or JSON Lines with a `prompt` field, or a
/// directory of such CSVs (RouteLLM's per-subject MMLU files, say).
public enum PromptFile {
    /// Reads prompts in file order (a directory's `.csv` files in name order);
    /// `.jsonl`/`.ndjson` files are JSON Lines, anything else CSV.
    public static func load(path: String) throws(DataFileError) -> [String] {
        if DataFiles.isDirectory(path) {
            let files = try DataFiles.files(in: path, withExtension: "csv")
            guard !files.isEmpty else { throw DataFileError(path: path, message: "no .csv files found") }
            var prompts: [String] = []
            for file in files { prompts += try load(path: file) }
            return prompts
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return try loadJSONLines(path: path) }
        var reader = try CSVReader(path: path)
        guard let header = try reader.next() else { throw DataFileError(path: path, line: 1, message: "file is empty") }
        guard let column = header.fields.firstIndex(of: "prompt") else {
            throw DataFileError(path: path, line: header.line, message: "no 'prompt' column (columns: \(header.fields.joined(separator: ", ")))")
        }
        var prompts: [String] = []
        while let record = try reader.next() {
            guard column < record.fields.count else {
                throw DataFileError(path: path, line: record.line, message: "row has \(record.fields.count) fields, the header has \(header.fields.count)")
            }
            prompts.append(record.fields[column])
        }
        return prompts
    }

    private static func loadJSONLines(path: String) throws(DataFileError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(path: path, message: "cannot read file")
        }
        var prompts: [String] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) as? [String: Any] else {
                throw DataFileError(path: path, line: i + 1, message: "not a JSON object")
            }
            guard let prompt = object["prompt"] as? String else {
                throw DataFileError(path: path, line: i + 1, message: "no string field 'prompt'")
            }
            prompts.append(prompt)
        }
        return prompts
    }
}
