import Foundation
import TriageCore
import TriageSchema

/// What a simulated model says to a prompt: right, wrong, or a hedge, at the rates its
/// configured quality sets, with harder prompts failing more often on sensitive (cheap) tiers.
///
///     difficulty d ∈ [0, 1] from the prompt (length, math and code symbols, question words,
///                 digits, and a stable per-prompt jitter), the same for every tier
///     P(right) = quality.expected(difficulty: d)
///     P(hedge) = hedgeShare · (1 − P(right)),  P(wrong) = the rest
///
/// The outcome is returned too, so tests and routing simulations can check decisions against
/// the truth; clients only see the text.
public struct SimulatedAnswerer: Sendable {
    public enum Outcome: String, Sendable { case right, wrong, hedge }

    public var quality: SimulatedQuality
    public var hedgeShare: Double

    public init(quality: SimulatedQuality, hedgeShare: Double = 0.3) {
        self.quality = quality
        self.hedgeShare = hedgeShare
    }

    private static let signals = PromptFeaturizer(config: FeatureConfig(buckets: 16, wordNGrams: 0, maxCharNGram: 0))

    /// A prompt's difficulty in [0, 1], identical across processes and tiers.
    public static func difficulty(of prompt: String) -> Double {
        let f = signals.featurize(prompt)
        let s = { (signal: DenseSignal) in Double(f.dense[signal.rawValue]) }
        let jitter = Double(StableHash.hash(Array(prompt.utf8)) >> 11) / Double(UInt64(1) << 53)
        let raw = 0.45 * s(.length) + 0.2 * s(.mathSymbols) + 0.15 * s(.codeSymbols)
            + 0.1 * s(.questionWords) + 0.1 * s(.digits) + 0.35 * jitter - 0.15
        return min(max(raw, 0), 1)
    }

    public func answer<G: RandomNumberGenerator>(to prompt: String, using generator: inout G) -> (text: String, outcome: Outcome) {
        let pRight = quality.expected(difficulty: Self.difficulty(of: prompt))
        let u = Double.random(in: 0..<1, using: &generator)
        let topic = Self.topic(of: prompt)
        if u < pRight {
            return ("The answer is \(Self.choice(prompt, offset: 0)). Working through \(topic) step by step, each step checks out, so this is the correct result.", .right)
        }
        if u < pRight + hedgeShare * (1 - pRight) {
            return ("I'm not sure. It might be \(Self.choice(prompt, offset: 1)), but I cannot say for certain about \(topic); you may want to verify this with another source.", .hedge)
        }
        return ("The answer is \(Self.choice(prompt, offset: 2)). That settles \(topic).", .wrong)
    }

    /// A stable option letter per prompt, so the right answer is the same on every tier.
    static func choice(_ prompt: String, offset: UInt64) -> String {
        ["A", "B", "C", "D"][Int((StableHash.hash(Array(prompt.utf8)) &+ offset) % 4)]
    }

    static func topic(of prompt: String) -> String {
        let words: [String] = prompt.split(whereSeparator: { !$0.isLetter }).filter { $0.count > 3 }.prefix(3).map { $0.lowercased() }
        return words.isEmpty ? "the question" : "the question about " + words.joined(separator: " ")
    }
}
