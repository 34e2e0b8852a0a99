/// Judges one answer: the probability that it is acceptable (correct, useful) for its prompt.
///
/// A cascade asks this of each tier's answer and escalates when it falls below the tier's
/// threshold. `model` names the model that wrote the answer (a router head name such as
/// `gpt-4-1106-preview`) where it is known: a trained verifier may weigh the same answer text
/// differently by its author; the heuristic verifier ignores it.
public protocol AnswerVerifier: Sendable {
    func score(prompt: String, answer: String, model: String?) -> Double
}

extension HeuristicVerifier: AnswerVerifier {
    public func score(prompt: String, answer: String, model: String?) -> Double {
        score(prompt: prompt, answer: answer)
    }
}
