import Foundation

/// What the text of a prompt and its answer say about the answer's reliability, without a
/// model: hedging and refusal phrases, whether the answer has the form the question asks for
/// (a choice letter, a code block), its length against the prompt's, and repetition. The
/// heuristic verifier weighs them by hand; a trained verifier can learn weights for them.
public struct AnswerSignals: Sendable, Equatable {
    /// Hedging phrases in the answer ("I'm not sure", "might be", "cannot say for certain").
    public var hedges: Int
    /// The answer declines to answer.
    public var refuses: Bool
    /// The prompt lists options (lines starting `A.`, `B)`, `(C)` …) and so asks for a choice.
    public var asksForChoice: Bool
    /// The answer commits to one option letter.
    public var givesChoice: Bool
    /// The prompt asks for code.
    public var asksForCode: Bool
    /// The answer contains a fenced code block.
    public var givesCode: Bool
    /// Answer length over prompt length, in UTF-8 bytes.
    public var lengthRatio: Double
    /// Share of the answer's word trigrams that repeat an earlier one (degenerate loops).
    public var repetition: Double
    /// The answer has no words.
    public var empty: Bool

    static let hedgePhrases = [
        "i'm not sure", "i am not sure", "not certain", "cannot say for certain", "can't say for certain", "might be",
        "may be", "possibly", "i think", "i believe", "it depends", "hard to say", "verify this", "unclear",
    ]
    static let refusalPhrases = [
        "i can't help", "i cannot help", "i can't assist", "i cannot assist", "i'm unable to", "i am unable to",
        "as an ai", "i won't", "i will not provide",
    ]
    static let codeRequests = ["write a function", "write code", "implement", "python", "javascript", "```", "def ", "code that"]

    public init(prompt: String, answer: String) {
        let a = answer.lowercased()
        let p = prompt.lowercased()
        hedges = Self.hedgePhrases.reduce(0) { $0 + a.occurrences(of: $1) }
        refuses = Self.refusalPhrases.contains { a.contains($0) }
        asksForChoice = Self.optionLines(prompt) >= 2
        givesChoice = Self.statesOneChoice(answer)
        asksForCode = Self.codeRequests.contains { p.contains($0) }
        givesCode = answer.contains("```")
        lengthRatio = Double(answer.utf8.count) / Double(max(1, prompt.utf8.count))
        let words = a.split { !$0.isLetter && !$0.isNumber }
        empty = words.isEmpty
        if words.count >= 6 {
            var seen = Set<String>()
            var repeats = 0
            for i in 0..<(words.count - 2) where !seen.insert("\(words[i]) \(words[i + 1]) \(words[i + 2])").inserted {
                repeats += 1
            }
            repetition = Double(repeats) / Double(words.count - 2)
        } else {
            repetition = 0
        }
    }

    /// Lines that start like a multiple-choice option: `A.`, `B)`, `(C)`, `D:`.
    static func optionLines(_ text: String) -> Int {
        text.split(separator: "\n").count { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            let chars = Array(t.prefix(3))
            if chars.count >= 2, "ABCDE".contains(chars[0]), ".):".contains(chars[1]) { return true }
            return chars.count >= 3 && chars[0] == "(" && "ABCDE".contains(chars[1]) && chars[2] == ")"
        }
    }

    /// "The answer is C", "Answer: (B)", or an answer that starts with a lone option letter.
    static func statesOneChoice(_ answer: String) -> Bool {
        let trimmed = answer.drop { $0 == " " || $0 == "\n" }
        let head = Array(trimmed.prefix(3))
        if head.count >= 2, "ABCDE".contains(head[0]), ".): \n".contains(head[1]) { return true }
        let lower = answer.lowercased()
        for marker in ["the answer is ", "answer: ", "correct answer is "] {
            guard let range = lower.range(of: marker) else { continue }
            let after = answer[range.upperBound...].drop { $0 == "(" || $0 == " " }
            if let letter = after.first, "ABCDE".contains(letter) {
                let next = after.dropFirst().first
                if next == nil || !(next!.isLetter) { return true }
            }
        }
        return false
    }
}

extension String {
    /// Non-overlapping occurrences of `needle`.
    func occurrences(of needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let range = rest.range(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
