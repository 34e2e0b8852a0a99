import Foundation

/// Reads a Chatbot Arena export CSV:
/// `id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie`.
///
/// `prompt` is a JSON list of the user's turns, joined by newlines into one prompt; the
/// winner columns are 0/1 with exactly one set. Responses are not read yet.
public enum ArenaImporter {
    /// The preference pairs in `path`, and what was skipped.
    public static func load(
        path: String, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (pairs: [PreferencePair], report: ImportReport) {
        try load(CSVReader(path: path), options: options)
    }

    /// The preference pairs a reader yields; its path labels errors.
    static func load(
        _ reader: CSVReader, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (pairs: [PreferencePair], report: ImportReport) {
        var reader = reader
        let records = try reader.readAll()
        let header = try CSVHeader(records, path: reader.path)
        let columns = try Columns(header)
        var pairs: [PreferencePair] = []
        var report = ImportReport()
        for record in records.dropFirst() {
            do throws(DataFileError) {
                pairs.append(try columns.pair(record, header))
            } catch {
                try report.skip(error, options: options)
            }
        }
        return (pairs, report)
    }
}

extension ArenaImporter {
    private struct Columns {
        let modelA: Int, modelB: Int, prompt: Int
        let winnerA: Int, winnerB: Int, tie: Int

        init(_ header: CSVHeader) throws(DataFileError) {
            modelA = try header.require("model_a")
            modelB = try header.require("model_b")
            prompt = try header.require("prompt")
            winnerA = try header.require("winner_model_a")
            winnerB = try header.require("winner_model_b")
            tie = try header.require("winner_tie")
        }

        func pair(_ record: CSVRecord, _ header: CSVHeader) throws(DataFileError) -> PreferencePair {
            try header.checkWidth(record)
            let f = record.fields
            let a = f[modelA].trimmingASCIISpaces(), b = f[modelB].trimmingASCIISpaces()
            guard !a.isEmpty, !b.isEmpty else { throw header.error(record, "empty model name") }
            guard let turns = Self.turns(f[prompt]) else {
                throw header.error(record, "prompt is not a JSON list of strings")
            }
            let flags = [winnerA, winnerB, tie].map { Cell.flag(f[$0]) }
            let winner: PreferencePair.Winner
            switch (flags[0], flags[1], flags[2]) {
            case (1, 0, 0): winner = .modelA
            case (0, 1, 0): winner = .modelB
            case (0, 0, 1): winner = .tie
            default:
                throw header.error(record, "exactly one of winner_model_a, winner_model_b, winner_tie must be 1")
            }
            return PreferencePair(prompt: turns.joined(separator: "\n"), modelA: a, modelB: b, winner: winner)
        }

        /// The user turns of a JSON list; null turns (present in some exports) are dropped.
        private static func turns(_ json: String) -> [String]? {
            guard let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { return nil }
            var turns: [String] = []
            for item in list {
                if let text = item as? String { turns.append(text) } else if !(item is NSNull) { return nil }
            }
            return turns
        }
    }
}
