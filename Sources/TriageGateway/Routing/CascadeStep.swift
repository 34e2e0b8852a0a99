/// What happened at one tier of a cascade, for the `x-triage-cascade` header and metrics.
struct CascadeStep: Sendable {
    enum Outcome: String, Sendable {
        /// The verifier's score reached the tier's threshold.
        case accepted
        /// The score fell short; the next tier was called.
        case escalated
        /// The tier (with its own retries and fallbacks) gave no answer.
        case failed
        /// The last tier: its answer is served unverified.
        case final
        /// Later tiers failed, so this rejected answer is served as the best there is.
        case salvaged
    }

    var group: String
    var outcome: Outcome
    /// The verifier's score; nil for the final tier, failures and tool-call answers.
    var score: Double?
    /// The HTTP status of a failure.
    var status: Int?

    /// `cheap;score=0.4120;escalated`, `frontier;final`, `cheap;failed=429`.
    var headerValue: String {
        var parts = [group]
        if let score { parts.append("score=" + TriageHeaders.decimal(score, places: 4)) }
        if outcome == .failed, let status { parts.append("failed=\(status)") } else { parts.append(outcome.rawValue) }
        return parts.joined(separator: ";")
    }
}
