import Foundation

/// Counts gathered while normalizing a prompt, turned into `DenseSignal` values at the end.
struct TextStatistics {
    var normalizedLength = 0
    var words = 0
    var wordBytes = 0
    var newlines = 0
    var uppercase = 0
    var digits = 0
    var questionMarks = 0
    var questionWords = 0
    var codeSymbols = 0
    var mathSymbols = 0
    var codeFences = 0
    var nonASCII = 0
    var optionLines = 0

    /// Writes every signal scaled to roughly [0, 1], so no signal dominates the first layer.
    func write(into dense: inout [Float], byteCount: Int, turns: Int) {
        let bytes = Float(max(byteCount, 1))
        func share(_ count: Int, weight: Float = 1) -> Float { min(Float(count) / bytes * weight, 1) }
        func capped(_ count: Int, at cap: Int) -> Float { Float(min(count, cap)) / Float(cap) }
        dense[DenseSignal.length.rawValue] = log(1 + Float(byteCount)) / 10
        dense[DenseSignal.words.rawValue] = log(1 + Float(words)) / 8
        dense[DenseSignal.turns.rawValue] = log(Float(max(turns, 1))) / 3
        dense[DenseSignal.codeFences.rawValue] = capped(codeFences, at: 4)
        dense[DenseSignal.codeSymbols.rawValue] = share(codeSymbols, weight: 10)
        dense[DenseSignal.mathSymbols.rawValue] = share(mathSymbols, weight: 10)
        dense[DenseSignal.digits.rawValue] = share(digits, weight: 5)
        dense[DenseSignal.questionWords.rawValue] = capped(questionWords, at: 5)
        dense[DenseSignal.nonASCII.rawValue] = share(nonASCII)
        dense[DenseSignal.questionMarks.rawValue] = capped(questionMarks, at: 5)
        dense[DenseSignal.optionLines.rawValue] = capped(optionLines, at: 4)
        dense[DenseSignal.lines.rawValue] = log(1 + Float(newlines)) / 5
        dense[DenseSignal.uppercase.rawValue] = share(uppercase, weight: 5)
        dense[DenseSignal.meanWordLength.rawValue] = words == 0 ? 0 : min(Float(wordBytes) / Float(words) / 10, 1)
    }
}
