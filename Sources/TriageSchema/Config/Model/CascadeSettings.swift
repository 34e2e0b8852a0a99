/// A routed model's cascade: each candidate's answer is scored by a verifier and accepted
/// when the score reaches that tier's threshold; otherwise the next candidate is called.
public struct CascadeSettings: Sendable, Equatable {
    /// `"heuristic"` for the built-in rule-based verifier, otherwise the path of a trained
    /// verifier file (resolved like a router path).
    public var verifier: String
    /// One per candidate but the last (whose answer is always accepted), each in [0, 1];
    /// `triage calibrate --cascade` prints them for a target cost or quality.
    public var thresholds: [Double]

    public static let heuristicVerifier = "heuristic"

    public init(verifier: String = Self.heuristicVerifier, thresholds: [Double]) {
        self.verifier = verifier
        self.thresholds = thresholds
    }
}
