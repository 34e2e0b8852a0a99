import Foundation

/// A verifier with no model file: the probability that an answer is acceptable, from
/// `AnswerSignals` with hand-set weights. It is the fallback when no trained verifier is
/// configured, so a cascade can still escalate hedges, refusals, empty or looping answers
/// and answers of the wrong form (no option letter for a multiple-choice question, no code
/// for a coding one).
public struct HeuristicVerifier: Sendable {
    public init() {}

    public func score(prompt: String, answer: String) -> Double {
        score(AnswerSignals(prompt: prompt, answer: answer))
    }

    public func score(_ s: AnswerSignals) -> Double {
        if s.empty || s.refuses { return 0.02 }
        var z = 1.5
        z -= 1.5 * Double(min(s.hedges, 3))
        if s.asksForChoice { z += s.givesChoice ? 0.5 : -1.5 }
        if s.asksForCode { z += s.givesCode ? 0.5 : -1.0 }
        z -= 6 * s.repetition
        // Very short answers to long prompts are more often wrong; length helps up to a point.
        z += 0.4 * min(1, log2(max(s.lengthRatio, 1e-3) * 4) / 2)
        return 1 / (1 + exp(-z))
    }
}
