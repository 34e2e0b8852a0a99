/// What a trainer reports while it runs; the CLI draws it, tests ignore it.
public enum TrainingProgress: Sendable {
    /// `done` of `total` batches of the current epoch.
    case batch(epoch: Int, done: Int, total: Int)
    case epoch(EpochSummary)
}

/// One finished epoch.
public struct EpochSummary: Sendable, Equatable {
    public var epoch: Int
    public var epochs: Int
    public var trainLoss: Float
    public var validationAUC: Double?
    public var examplesPerSecond: Double
}
