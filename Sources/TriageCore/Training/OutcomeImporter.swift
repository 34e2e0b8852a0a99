/// Loads any outcome-shaped format into an `OutcomeTable`.
public enum OutcomeImporter {
    /// Reads `path` as `format`; the preference formats (`pairwise`, `arena`) have no
    /// per-model scores and are rejected.
    public static func load(
        path: String, format: DataFormat, options: ImportOptions = ImportOptions()
    ) throws(DataFileError) -> (table: OutcomeTable, report: ImportReport) {
        switch format {
        case .outcome: try OutcomeCSVImporter.load(path: path, options: options)
        case .routellm: try RouteLLMImporter.load(path: path, options: options)
        case .routerbench: try RouterBenchImporter.load(path: path, options: options)
        case .llmrouter: try LLMRouterImporter.load(path: path, options: options)
        case .pairwise, .arena:
            throw DataFileError(
                path: path, message: "format '\(format.rawValue)' holds preferences, not per-model outcomes")
        }
    }
}
