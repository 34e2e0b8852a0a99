import Foundation

/// Turns a (prompt, answer, model) into `VerifierFeatures`.
///
/// Both texts go through the router's `PromptFeaturizer` (hashed word and character n-grams,
/// 14 dense signals each). Answer ids are moved to the other half of the table,
/// `(id + buckets/2) mod buckets`, so an n-gram in the answer and the same n-gram in the prompt
/// never share a row. The dense vector is
///
///     [prompt signals (14) | answer signals (14) | answer checks (12) | model block (6 per known model)]
///
/// where the answer checks come from `AnswerSignals` (see `checkNames`) and the model block is
/// the answering model's one-hot crossed with [1, asks for choice, asks for code, gives choice,
/// gives code, option lines], so the verifier can learn each model's reliability per kind of
/// question. An unknown or absent model leaves the block zero.
///
/// The wide crosses are hashed ids of (kind of question, x) and (model, kind of question, x) for
/// x in {nothing, the answer's first 4 non-blank bytes lower-cased, ⌊log2 of its byte count⌋};
/// the kind of question is (option lines capped at 4, asks for code). Models have letter
/// biases that only such exact crosses catch: on one task one model's "B" is right half the
/// time and its "A" nine times in ten.
public struct VerifierFeaturizer: Sendable {
    public let config: FeatureConfig
    /// The models the verifier knows, in model-block order.
    public let models: [String]
    private let featurizer: PromptFeaturizer
    private let modelIndex: [String: Int]

    /// Names of the answer checks, in dense order (documentation and the model header).
    public static let checkNames = [
        "hedges", "refuses", "asks_choice", "gives_choice", "choice_missing", "asks_code", "gives_code",
        "code_missing", "log_length_ratio", "repetition", "empty", "heuristic_score",
    ]
    /// Crosses of each model's one-hot: bias, four answer-form signals, the prompt's option lines.
    public static let crossesPerModel = 6
    /// Dense values before the model block.
    public static let signalWidth = 2 * DenseSignal.count + checkNames.count

    public static func denseWidth(models: Int) -> Int { signalWidth + crossesPerModel * models }

    public init(config: FeatureConfig, models: [String]) {
        self.config = config
        self.models = models
        featurizer = PromptFeaturizer(config: config)
        modelIndex = Dictionary(models.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var denseWidth: Int { Self.denseWidth(models: models.count) }

    /// The dense columns of the model block.
    public var modelBlock: Range<Int> { Self.signalWidth..<denseWidth }

    public func featurize(prompt: String, answer: String, model: String?) -> VerifierFeatures {
        let p = featurizer.featurize(prompt)
        var a = featurizer.featurize(answer)
        let half = Int32(config.buckets / 2), buckets = Int32(config.buckets)
        for i in a.ids.indices { a.ids[i] = (a.ids[i] + half) % buckets }

        let s = AnswerSignals(prompt: prompt, answer: answer)
        var dense = [Float](repeating: 0, count: denseWidth)
        for c in 0..<DenseSignal.count {
            dense[c] = p.dense[c]
            dense[DenseSignal.count + c] = a.dense[c]
        }
        let checks: [Float] = [
            Float(min(s.hedges, 3)) / 3, flag(s.refuses), flag(s.asksForChoice), flag(s.givesChoice),
            flag(s.asksForChoice && !s.givesChoice), flag(s.asksForCode), flag(s.givesCode),
            flag(s.asksForCode && !s.givesCode), Float(max(-1, min(1, log2(max(s.lengthRatio, 1e-6)) / 8))),
            Float(s.repetition), flag(s.empty), Float(HeuristicVerifier().score(s)),
        ]
        for (c, v) in checks.enumerated() { dense[2 * DenseSignal.count + c] = v }
        var kind = StableHash(namespace: 5)
        kind.combine(UInt8((p.dense[DenseSignal.optionLines.rawValue] * 4).rounded()))
        kind.combine(s.asksForCode ? 1 : 0)
        var crossIDs = crosses(kind, answer: answer)
        var modelCrosses = 0
        if let model, let m = modelIndex[model] {
            let values = [1, flag(s.asksForChoice), flag(s.asksForCode), flag(s.givesChoice), flag(s.givesCode),
                          p.dense[DenseSignal.optionLines.rawValue]]
            for (c, v) in values.enumerated() { dense[Self.signalWidth + m * Self.crossesPerModel + c] = v }
            var withModel = kind
            withModel.combine(0xFF)
            withModel.combine(model.utf8)
            let more = crosses(withModel, answer: answer)
            crossIDs += more
            modelCrosses = more.count
        }
        return VerifierFeatures(promptIDs: p.ids, answerIDs: a.ids, crossIDs: crossIDs, modelCrosses: modelCrosses, dense: dense)
    }

    /// (base), (base, first 4 non-blank answer bytes lower-cased), (base, ⌊log2 answer bytes⌋).
    private func crosses(_ base: StableHash, answer: String) -> [Int32] {
        var alone = base
        alone.combine(0)
        var head = base
        head.combine(1)
        for byte in answer.utf8.lazy.filter({ $0 > 0x20 }).prefix(4) { head.combine((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
        var length = base
        length.combine(2)
        length.combine(UInt8(min(63, Int(log2(Double(answer.utf8.count + 1))))))
        return [alone, head, length].map { bucket($0.value) }
    }

    private func bucket(_ hash: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(config.buckets)).high)
    }

    private func flag(_ b: Bool) -> Float { b ? 1 : 0 }
}
