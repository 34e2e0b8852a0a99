/// Loads preference pairs from any format.
public enum PreferenceImporter {
    /// Reads `path` as `format`; outcome formats are turned into pairs by `PairDerivation`.
    public static func load(
        path: String, format: DataFormat, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (pairs: [PreferencePair], report: ImportReport) {
        switch format {
        case .pairwise: return try PairwiseCSVImporter.load(path: path, options: options)
        case .arena: return try ArenaImporter.load(path: path, options: options)
        case .outcome, .routellm, .routerbench, .llmrouter:
            let (table, report) = try OutcomeImporter.load(path: path, format: format, options: options)
            return (PairDerivation.pairs(from: table), report)
        }
    }
}
