import TriageCore

/// Reads a trained verifier file (`triage train-verifier`).
enum VerifierFileLoading {
    static func load(path: String) throws -> any AnswerVerifier {
        try VerifierModel.load(path: path)
    }
}
