/// Reads the pairwise preference CSV `prompt,model_a,model_b,winner`.
///
/// `winner` is `model_a`, `model_b`, `tie` or `tie (bothbad)`; columns are found by name.
public enum PairwiseCSVImporter {
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
        let prompt = try header.require("prompt")
        let modelA = try header.require("model_a")
        let modelB = try header.require("model_b")
        let winner = try header.require("winner")
        var pairs: [PreferencePair] = []
        var report = ImportReport()
        for record in records.dropFirst() {
            do throws(DataFileError) {
                try header.checkWidth(record)
                let f = record.fields
                let a = f[modelA].trimmingASCIISpaces(), b = f[modelB].trimmingASCIISpaces()
                guard !a.isEmpty, !b.isEmpty else { throw header.error(record, "empty model name") }
                guard let w = PreferencePair.Winner(rawValue: f[winner].trimmingASCIISpaces()) else {
                    throw header.error(
                        record, "winner '\(f[winner])' is not one of model_a, model_b, tie, tie (bothbad)")
                }
                pairs.append(PreferencePair(prompt: f[prompt], modelA: a, modelB: b, winner: w))
            } catch {
                try report.skip(error, options: options)
            }
        }
        return (pairs, report)
    }
}
