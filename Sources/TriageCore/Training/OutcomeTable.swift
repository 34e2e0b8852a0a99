/// Per-prompt outcomes of several models: the one shape every outcome importer produces.
///
/// `scores[i][m]` is model `m`'s quality on prompt `i` in [0, 1] (nil where the source has no
/// value); `costs` and `responses` are filled only by sources that carry them.
public struct OutcomeTable: Sendable, Equatable {
    public var models: [String]
    public var rows: [OutcomeRow]

    /// The most models an importer puts in one table: fifty times the shipped router's twenty
    /// heads. Every row holds a cell per model, so in a long or sparse source (one model per
    /// line or entry) a column of ids read as model names would turn a 1 MB file into gigabytes;
    /// past this the import stops and says which column to check.
    public static let maxModels = 1_024

    public init(models: [String], rows: [OutcomeRow] = []) {
        self.models = models
        self.rows = rows
    }

    /// Index of a model by name.
    public func modelIndex(_ name: String) -> Int? { models.firstIndex(of: name) }
}

/// One prompt and each model's outcome on it.
public struct OutcomeRow: Sendable, Equatable {
    public var prompt: String
    /// Quality per model, aligned with `OutcomeTable.models`; nil where missing.
    public var scores: [Float?]
    /// USD per call per model, where the source reports it.
    public var costs: [Float?]?
    /// The model's answer per model, where the source includes it (verifier training).
    public var responses: [String?]?
    /// Where the row came from (`mmlu`, `arc_challenge`, ...): splits and leave-one-out use it.
    public var source: String

    public init(prompt: String, scores: [Float?], costs: [Float?]? = nil, responses: [String?]? = nil, source: String = "") {
        self.prompt = prompt
        self.scores = scores
        self.costs = costs
        self.responses = responses
        self.source = source
    }
}
