import Testing
@testable import TriageCore

@Suite struct FeaturizerTests {
    /// FNV-1a 64 reference vectors, so the hash is the published function and not a look-alike.
    @Test func stableHashMatchesFNV1aReferenceVectors() {
        #expect(StableHash.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    /// Recorded bucket ids: a change here silently invalidates every shipped model, so it must
    /// come with a FeatureConfig version bump.
    @Test func featureIDsAreStableAcrossProcesses() {
        let featurizer = PromptFeaturizer(config: FeatureConfig(buckets: 1 << 18, maxIDs: 4096))
        let f = featurizer.featurize("What is 2+2?")
        // " what is 2+2? ": 4 words, 3 bigrams, 12 + 11 + 10 character 3-, 4- and 5-grams.
        #expect(f.ids.count == 4 + 3 + 33)
        #expect(Array(f.ids.prefix(12)) == PINNED)
    }

    @Test func normalisationIgnoresCaseAndWhitespaceRuns() {
        let featurizer = PromptFeaturizer()
        #expect(featurizer.featurize("Hello   World").ids == featurizer.featurize("hello world").ids)
        #expect(featurizer.featurize("hello\n\tworld").ids == featurizer.featurize("hello world").ids)
    }

    @Test func idsStayInsideTheBucketRangeAndTheCap() {
        let featurizer = PromptFeaturizer(config: FeatureConfig(buckets: 1000, maxIDs: 50))
        let f = featurizer.featurize(String(repeating: "naïve café ünïcode 😀 text ", count: 40))
        #expect(f.ids.count == 50)
        #expect(f.ids.allSatisfy { $0 >= 0 && $0 < 1000 })
    }

    @Test func emptyPromptHasNoIDsAndZeroSignals() {
        let f = PromptFeaturizer().featurize("")
        #expect(f.ids.isEmpty)
        #expect(f.dense.count == DenseSignal.count)
        #expect(f.dense.allSatisfy { $0 == 0 })
    }

    @Test func denseSignalsSeeCodeMathChoicesAndQuestions() {
        let featurizer = PromptFeaturizer()
        let code = featurizer.featurize("Fix this:\n```python\ndef f(x): return {x: [1]}\n```", turns: 3)
        #expect(code.dense[DenseSignal.codeFences.rawValue] > 0)
        #expect(code.dense[DenseSignal.codeSymbols.rawValue] > 0)
        #expect(code.dense[DenseSignal.turns.rawValue] > 0)
        let choice = featurizer.featurize("Which is prime?\nA. 4\nB. 6\nC. 7\nD. 9\nAnswer:")
        #expect(choice.dense[DenseSignal.optionLines.rawValue] == 1)
        #expect(choice.dense[DenseSignal.questionWords.rawValue] > 0)
        #expect(choice.dense[DenseSignal.questionMarks.rawValue] > 0)
        let math = featurizer.featurize("Solve x^2 + 3x - 4 = 0")
        #expect(math.dense[DenseSignal.mathSymbols.rawValue] > 0)
        #expect(math.dense[DenseSignal.digits.rawValue] > 0)
        let other = featurizer.featurize("Qu'est-ce que la résilience ?")
        #expect(other.dense[DenseSignal.nonASCII.rawValue] > 0)
        #expect(featurizer.featurize("hello").dense.allSatisfy { (0...1).contains($0) })
    }

    @Test func wordOnlyAndCharacterOnlyConfigurations() {
        let words = PromptFeaturizer(config: FeatureConfig(wordNGrams: 2, maxCharNGram: 0)).featurize("one two three")
        #expect(words.ids.count == 3 + 2)
        let chars = PromptFeaturizer(config: FeatureConfig(wordNGrams: 0, minCharNGram: 3, maxCharNGram: 3)).featurize("abcd")
        // " abcd " has 6 bytes, so 4 trigrams.
        #expect(chars.ids.count == 4)
    }

    @Test func invalidConfigurationsAreNamed() {
        #expect(FeatureConfig(buckets: 3).problems.count == 1)
        #expect(FeatureConfig(minCharNGram: 5, maxCharNGram: 3).problems.count == 1)
        #expect(FeatureConfig(version: 99).problems.first?.contains("version 99") == true)
        #expect(FeatureConfig().problems.isEmpty)
    }
}

// Recorded once from this implementation: 4 words ("2" twice), 3 bigrams, then character n-grams.
private let PINNED: [Int32] = [150341, 213986, 32455, 8380, 183572, 8380, 10709, 232569, 127736, 239388, 140772, 207925]

@Suite struct CRC32Tests {
    /// The standard check value of CRC-32/ISO-HDLC, and agreement between the 8-byte and
    /// 1-byte paths at every length around the block size.
    @Test func matchesTheReferenceCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(CRC32.checksum(text) == 0x414F_A339)
    }
}

@Suite struct CompactFeaturesTests {
    @Test func roundTripsKeepingRepeatsAndDense() {
        let featurizer = PromptFeaturizer()
        let f = featurizer.featurize("Which of these is a prime? A. 21 B. 23 C. 25 D. 27 — the the the", turns: 3)
        let bytes = f.compactBytes()
        let back = PromptFeatures(compactBytes: bytes)
        #expect(back?.dense == f.dense)
        #expect(back?.ids == f.ids.sorted(), "the same multiset of ids")
        #expect(bytes.count < 2 + 4 * f.dense.count + 4 * f.ids.count, "smaller than raw int32 ids")
    }

    @Test func refusesBytesThatAreNotAnEncoding() {
        #expect(PromptFeatures(compactBytes: []) == nil)
        #expect(PromptFeatures(compactBytes: [9, 0, 0]) == nil)
        let bytes = PromptFeaturizer().featurize("hello world").compactBytes()
        #expect(PromptFeatures(compactBytes: Array(bytes.dropLast(3))) == nil, "truncated")
        #expect(PromptFeatures(compactBytes: bytes + [0]) == nil, "trailing bytes")
    }
}
