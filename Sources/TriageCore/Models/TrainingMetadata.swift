/// How a model was made, stored in its file so `triage` can say where a router came from.
public struct TrainingMetadata: Codable, Sendable, Equatable {
    /// The command line that trained it.
    public var command: String
    /// Data sources by name (file or directory and format).
    public var sources: [String]
    public var examples: Int
    public var options: TrainingOptions
    /// Held-out figures measured at training time (validation AUC, APGR, ...).
    public var metrics: [String: Double]

    public init(command: String = "", sources: [String] = [], examples: Int = 0, options: TrainingOptions = TrainingOptions(), metrics: [String: Double] = [:]) {
        self.command = command
        self.sources = sources
        self.examples = examples
        self.options = options
        self.metrics = metrics
    }
}
