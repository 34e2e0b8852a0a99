import Foundation

/// What the text of a prompt and its answer say about the answer's reliability, without a
/// model: hedging and refusal phrases, whether the answer has the form the question asks for
/// (a choice letter, a code block), its length against the prompt's, and repetition. The
/// heuristic verifier weighs them by hand; a trained verifier can learn weights for them.
///
/// Read in one pass or so over the UTF-8 bytes, ASCII letters lower-cased (every phrase is
/// ASCII): a cascade computes these for every answer, and the `String`-level searches they
/// replaced cost over a millisecond on a 2 KB prompt with a 1 KB answer.
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
    ].map { Array($0.utf8) }
    static let refusalPhrases = [
        "i can't help", "i cannot help", "i can't assist", "i cannot assist", "i'm unable to", "i am unable to",
        "as an ai", "i won't", "i will not provide",
    ].map { Array($0.utf8) }
    static let codeRequests = ["write a function", "write code", "implement", "python", "javascript", "```", "def ", "code that"]
        .map { Array($0.utf8) }
    static let fence = Array("```".utf8)
    static let choiceMarkers = ["the answer is ", "answer: ", "correct answer is "].map { Array($0.utf8) }

    public init(prompt: String, answer: String) {
        let a = Self.lowercasedASCII(answer)
        let p = Self.lowercasedASCII(prompt)
        hedges = Self.hedgePhrases.reduce(0) { $0 + Self.occurrences(of: $1, in: a) }
        refuses = Self.refusalPhrases.contains { Self.find($0, in: a) != nil }
        asksForChoice = Self.optionLines(Array(prompt.utf8)) >= 2
        givesChoice = Self.statesOneChoice(Array(answer.utf8), lowered: a)
        asksForCode = Self.codeRequests.contains { Self.find($0, in: p) != nil }
        givesCode = Self.find(Self.fence, in: a) != nil
        lengthRatio = Double(a.count) / Double(max(1, p.count))
        let words = Self.wordHashes(a)
        empty = words.isEmpty
        if words.count >= 6 {
            var seen = Set<UInt64>(minimumCapacity: words.count)
            var repeats = 0
            for i in 0..<(words.count - 2) {
                // The three word hashes mixed into one key; a collision is as unlikely as a hash's.
                let key = words[i] &* 0x9E37_79B9_7F4A_7C15 ^ (words[i + 1] &* 0xC2B2_AE3D_27D4_EB4F).rotated(17) ^ words[i + 2].rotated(41)
                if !seen.insert(key).inserted { repeats += 1 }
            }
            repetition = Double(repeats) / Double(words.count - 2)
        } else {
            repetition = 0
        }
    }

    /// UTF-8 bytes with ASCII capitals lower-cased.
    static func lowercasedASCII(_ text: String) -> [UInt8] {
        // Through the contiguous bytes: mapping over `String.UTF8View` costs several times more.
        var text = text
        var out = text.withUTF8 { Array($0) }
        for i in out.indices where (0x41...0x5A).contains(out[i]) { out[i] |= 0x20 }
        return out
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        ByteSearch.find(needle, in: haystack, from: start)
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        ByteSearch.occurrences(of: needle, in: haystack)
    }

    /// Words are runs of letters, digits and non-ASCII bytes; one hash per word.
    static func wordHashes(_ bytes: [UInt8]) -> [UInt64] {
        var out: [UInt64] = []
        var h = StableHash()
        var inWord = false
        for b in bytes {
            if (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b >= 0x80 {
                h.combine(b)
                inWord = true
            } else if inWord {
                out.append(h.value)
                h = StableHash()
                inWord = false
            }
        }
        if inWord { out.append(h.value) }
        return out
    }

    /// Lines that start like a multiple-choice option: `A.`, `B)`, `(C)`, `D:`.
    static func optionLines(_ text: [UInt8]) -> Int {
        func isOption(_ b: UInt8) -> Bool { (0x41...0x45).contains(b) }
        var count = 0
        var i = 0
        while i < text.count {
            while i < text.count, text[i] == 0x20 || text[i] == 0x09 { i += 1 }
            if i + 1 < text.count, isOption(text[i]), [0x2E, 0x29, 0x3A].contains(text[i + 1]) {
                count += 1
            } else if i + 2 < text.count, text[i] == 0x28, isOption(text[i + 1]), text[i + 2] == 0x29 {
                count += 1
            }
            while i < text.count, text[i] != 0x0A { i += 1 }
            i += 1
        }
        return count
    }

    /// "The answer is C", "Answer: (B)", or an answer that starts with a lone option letter.
    static func statesOneChoice(_ answer: [UInt8], lowered: [UInt8]) -> Bool {
        func isOption(_ b: UInt8) -> Bool { (0x41...0x45).contains(b) }
        var i = 0
        while i < answer.count, answer[i] == 0x20 || answer[i] == 0x0A { i += 1 }
        if i < answer.count, isOption(answer[i]) {
            if i + 1 == answer.count || [0x2E, 0x29, 0x3A, 0x20, 0x0A].contains(answer[i + 1]) { return true }
        }
        for marker in choiceMarkers {
            guard var j = find(marker, in: lowered) else { continue }
            j += marker.count
            while j < answer.count, answer[j] == 0x28 || answer[j] == 0x20 { j += 1 }
            if j < answer.count, isOption(answer[j]) {
                let next = j + 1 < answer.count ? answer[j + 1] : nil
                // A following letter makes it a word ("Because"), not an option.
                if let next, (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next) || next >= 0x80 { continue }
                return true
            }
        }
        return false
    }
}

extension UInt64 {
    /// Bits rotated left by `k`.
    fileprivate func rotated(_ k: UInt64) -> UInt64 { self << k | self >> (64 - k) }
}
