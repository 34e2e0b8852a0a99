import TriageCore

/// Reads a trained verifier file.
enum VerifierFileLoading {
    static func load(path: String) throws -> any AnswerVerifier {
        throw ModelFileError.invalidHeader("trained verifier files are not readable by this build yet; use \"heuristic\"")
    }
}
