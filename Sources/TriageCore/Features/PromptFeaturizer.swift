/// Turns prompt text into hashed word and character n-gram ids plus dense signals.
///
/// Works on UTF-8 bytes in one pass: ASCII letters are lower-cased, whitespace runs become
/// one space, and every other byte (punctuation, digits, other scripts) is kept, so code,
/// math and non-English prompts all leave a trace in the character n-grams.
public struct PromptFeaturizer: Sendable {
    public let config: FeatureConfig

    private enum Namespace {
        static let word: UInt8 = 1
        static let wordPair: UInt8 = 2
        static let wordTriple: UInt8 = 3
        static let characters: UInt8 = 4
    }

    private static let questionWordHashes: [UInt64] = [
        "what", "why", "how", "which", "who", "when", "where", "explain", "prove", "calculate",
    ].map { word in
        var h = StableHash(namespace: Namespace.word)
        h.combine(word.utf8)
        return h.value
    }

    public init(config: FeatureConfig = FeatureConfig()) {
        precondition(config.problems.isEmpty, config.problems.joined(separator: "; "))
        self.config = config
    }

    /// Features of one prompt; `turns` is the number of messages in its conversation.
    public func featurize(_ text: String, turns: Int = 1) -> PromptFeatures {
        var features = PromptFeatures()
        featurize(text, turns: turns, into: &features)
        return features
    }

    /// Features of one prompt written into `features`, reusing its storage.
    public func featurize(_ text: String, turns: Int = 1, into features: inout PromptFeatures) {
        features.ids.removeAll(keepingCapacity: true)
        if features.dense.count != DenseSignal.count {
            features.dense = [Float](repeating: 0, count: DenseSignal.count)
        }
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 2) { normalized in
                var stats = normalize(bytes, into: normalized)
                let used = UnsafeBufferPointer(rebasing: normalized[0..<stats.normalizedLength])
                emitWordNGrams(used, ids: &features.ids, stats: &stats)
                emitCharacterNGrams(used, ids: &features.ids)
                stats.write(into: &features.dense, byteCount: bytes.count, turns: turns)
            }
        }
    }

    @inline(__always)
    private func bucket(_ hash: UInt64) -> Int32 {
        // Lemire's multiply-shift: maps a hash onto any bucket count without a division.
        Int32(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(config.buckets)).high)
    }

    private func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> TextStatistics {
        var stats = TextStatistics()
        var n = 0
        out[n] = 0x20; n += 1
        var lastWasSpace = true
        var backtickRun = 0
        var atLineStart = true
        for (i, b) in bytes.enumerated() {
            if atLineStart, PromptFeaturizer.opensOption(bytes, at: i) { stats.optionLines += 1 }
            atLineStart = false
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                if b == 0x0A { stats.newlines += 1; atLineStart = true }
                if !lastWasSpace { out[n] = 0x20; n += 1; lastWasSpace = true }
                backtickRun = 0
                continue
            case 0x41...0x5A: stats.uppercase += 1
            case 0x30...0x39: stats.digits += 1
            case 0x3F: stats.questionMarks += 1
            case 0x7B, 0x7D, 0x5B, 0x5D, 0x28, 0x29, 0x3B: stats.codeSymbols += 1
            case 0x2B, 0x2D, 0x2A, 0x2F, 0x5E, 0x3C, 0x3E, 0x5C: stats.mathSymbols += 1
            case 0x3D: stats.mathSymbols += 1; stats.codeSymbols += 1
            case 0x80...0xFF: stats.nonASCII += 1
            default: break
            }
            if b == 0x60 {
                backtickRun += 1
                if backtickRun == 3 { stats.codeFences += 1; backtickRun = 0 }
            } else {
                backtickRun = 0
            }
            out[n] = (0x41...0x5A).contains(b) ? b | 0x20 : b
            n += 1
            lastWasSpace = false
        }
        if !lastWasSpace { out[n] = 0x20; n += 1 }
        stats.normalizedLength = n
        return stats
    }

    /// "A." / "b)" / "(c)" at the start of a line, after optional blanks.
    private static func opensOption(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var j = start
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        func isLetter(_ k: Int) -> Bool { k < bytes.count && ((0x41...0x45).contains(bytes[k]) || (0x61...0x65).contains(bytes[k])) }
        if isLetter(j), j + 1 < bytes.count, bytes[j + 1] == 0x2E || bytes[j + 1] == 0x29 { return true }
        return j + 2 < bytes.count && bytes[j] == 0x28 && isLetter(j + 1) && bytes[j + 2] == 0x29
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b >= 0x80
    }

    private func emitWordNGrams(_ text: UnsafeBufferPointer<UInt8>, ids: inout [Int32], stats: inout TextStatistics) {
        var previous: UInt64 = 0, beforePrevious: UInt64 = 0
        var seen = 0
        var i = 0
        while i < text.count {
            guard PromptFeaturizer.isWordByte(text[i]) else { i += 1; continue }
            var h = StableHash(namespace: Namespace.word)
            let start = i
            while i < text.count, PromptFeaturizer.isWordByte(text[i]) { h.combine(text[i]); i += 1 }
            stats.words += 1
            stats.wordBytes += i - start
            if PromptFeaturizer.questionWordHashes.contains(h.value) { stats.questionWords += 1 }
            guard ids.count < config.maxIDs else { continue }
            if config.wordNGrams >= 1 { ids.append(bucket(h.value)) }
            if config.wordNGrams >= 2, seen >= 1, ids.count < config.maxIDs {
                ids.append(bucket(PromptFeaturizer.join(Namespace.wordPair, previous, h.value)))
            }
            if config.wordNGrams >= 3, seen >= 2, ids.count < config.maxIDs {
                let pair = PromptFeaturizer.join(Namespace.wordTriple, beforePrevious, previous)
                ids.append(bucket(PromptFeaturizer.join(Namespace.wordTriple, pair, h.value)))
            }
            beforePrevious = previous
            previous = h.value
            seen += 1
        }
    }

    /// Hash of an ordered pair of hashes, in its own namespace.
    private static func join(_ namespace: UInt8, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = StableHash(namespace: namespace)
        for shift in stride(from: 0, to: 64, by: 8) { h.combine(UInt8(truncatingIfNeeded: a >> UInt64(shift))) }
        for shift in stride(from: 0, to: 64, by: 8) { h.combine(UInt8(truncatingIfNeeded: b >> UInt64(shift))) }
        return h.value
    }

    private func emitCharacterNGrams(_ text: UnsafeBufferPointer<UInt8>, ids: inout [Int32]) {
        let minN = config.minCharNGram, maxN = config.maxCharNGram
        guard maxN > 0, text.count >= minN else { return }
        let basis = StableHash(namespace: Namespace.characters)
        // FNV is incremental, so the 3-, 4- and 5-grams starting at one position share a pass.
        for start in 0...(text.count - minN) {
            var h = basis
            let end = min(start + maxN, text.count)
            for j in start..<end {
                h.combine(text[j])
                if j - start + 1 >= minN {
                    guard ids.count < config.maxIDs else { return }
                    ids.append(bucket(h.value))
                }
            }
        }
    }
}
