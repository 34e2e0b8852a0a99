/// Why an evaluation could not be computed from its inputs.
public enum EvaluationError: Error, Sendable, Equatable {
    /// There are no prompts (or no operating points) to evaluate.
    case empty
    /// A per-prompt array does not have one entry per prompt.
    case lengthMismatch(expected: Int, actual: Int)
    /// A score, quality or cost is NaN or infinite.
    case nonFinite(row: Int)
    /// A quality or cost is absent for a model on a prompt.
    case missingValue(row: Int, model: String)
    /// The named model is not in the outcome table.
    case unknownModel(String)
    /// A per-prompt model choice is not an index into the models.
    case invalidChoice(row: Int, index: Int)
    /// The strong and weak models have the same mean quality, so PGR divides by zero.
    case noQualityGap
    /// The number of curve intervals must be at least one.
    case invalidIntervals(Int)
    /// The integration range ends before the cheapest operating point.
    case invalidCostRange(min: Double, max: Double)
}
