/// Why a cascade could not be built, replayed or calibrated; each message names what to fix.
public enum CascadeError: Error, Sendable, Equatable {
    /// A cascade needs at least one tier.
    case noTiers
    /// A cascade of n tiers takes n − 1 thresholds (the last tier's answer is always accepted).
    case thresholdCount(tiers: Int, thresholds: Int)
    /// Thresholds are verifier scores, so they lie in [0, 1].
    case thresholdOutOfRange(index: Int, value: Double)
    /// A tier names a model the data does not have.
    case unknownTier(String, known: [String])
    /// A tier's model index is not a column of the outcomes.
    case tierOutOfRange(index: Int, models: Int)
    /// The same model appears twice in the chain.
    case duplicateTier(String)
    /// A per-row or per-model array has the wrong length.
    case lengthMismatch(expected: Int, actual: Int)
    /// A verifier score or router prediction is NaN or infinite.
    case nonFinite(row: Int)
    /// A start tier is not an index into the chain.
    case invalidStartTier(row: Int, tier: Int)
    /// A row index is outside the outcomes.
    case invalidRow(Int)
    /// A calibration target that no cascade can be asked for (negative cost, quality outside [0, 1]).
    case invalidTarget(String)
    /// A routed sweep was given no λ to sweep.
    case noLambdas
    /// The router has no head for a model the cascade needs.
    case missingHead(String, heads: [String])
    /// The outcomes could not be evaluated (missing or non-finite values, no rows).
    case evaluation(EvaluationError)
}

extension CascadeError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noTiers:
            "a cascade needs at least one tier"
        case let .thresholdCount(tiers, thresholds):
            "a cascade of \(tiers) tier(s) takes \(max(tiers - 1, 0)) threshold(s), one per tier but the last; got \(thresholds)"
        case let .thresholdOutOfRange(index, value):
            "threshold \(index + 1) is \(value); thresholds are verifier scores in [0, 1]"
        case let .unknownTier(name, known):
            "unknown tier '\(name)': the data has no such model; models: \(known.joined(separator: ", "))"
        case let .tierOutOfRange(index, models):
            "tier model index \(index) is outside the \(models) model(s) of the outcomes"
        case let .duplicateTier(name):
            "tier '\(name)' appears twice in the cascade"
        case let .lengthMismatch(expected, actual):
            "expected \(expected) entries, got \(actual)"
        case let .nonFinite(row):
            "row \(row) has a score that is not a finite number"
        case let .invalidStartTier(row, tier):
            "row \(row) starts at tier \(tier), which is not in the cascade"
        case let .invalidRow(row):
            "row \(row) is not in the outcomes"
        case let .invalidTarget(message):
            message
        case .noLambdas:
            "a router + cascade sweep needs at least one λ"
        case let .missingHead(name, heads):
            "the router has no head for '\(name)'; heads: \(heads.joined(separator: ", "))"
        case let .evaluation(error):
            "cannot evaluate the outcomes: \(error)"
        }
    }
}
