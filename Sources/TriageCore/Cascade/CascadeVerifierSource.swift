/// Where a cascade evaluation gets its verifier on each fold.
public enum CascadeVerifierSource: Sendable {
    /// `HeuristicVerifier`: nothing to train.
    case heuristic
    /// A `VerifierModel` trained on the fold's training rows with these options.
    case trained(VerifierTrainingOptions)
    /// One verifier for every fold (a model file): only honest when it never saw the data.
    case fixed(any AnswerVerifier)

    /// The verifier for a fold whose training rows are `rows` of `table`.
    func verifier(table: OutcomeTable, rows: [Int]) -> any AnswerVerifier {
        switch self {
        case .heuristic: HeuristicVerifier()
        case let .trained(options): VerifierTraining.train(VerifierExample.examples(from: table, rows: rows), options: options)
        case let .fixed(verifier): verifier
        }
    }
}
