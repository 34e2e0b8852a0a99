import Foundation
import TriageCore

// triage-bench: the learning core's speed figures (Scripts/bench-core runs it in release).
//   featurize+score latency for a 1 KB prompt over 4 candidate models, BLAS vs plain loops,
//   the gateway's routing decision with the shipped router (featurize, score, policy),
//   the answer verifier on a 2 KB prompt with a 1 KB answer, training throughput on MMLU
//   prompts, and model load time.

BLAS.useSingleThread()
let arguments = CommandLine.arguments
let modelPath = arguments.count > 1 ? arguments[1] : "Models/router.triage"
let recipe: RouterRecipe
if let shipped = try? ModelFile.load(path: modelPath) {
    let s = shipped.network.shape
    recipe = RouterRecipe(features: shipped.features, embedding: s.embedding, hidden: s.hidden, training: shipped.metadata.options)
    print("configuration: \(modelPath) (buckets \(s.buckets), embedding \(s.embedding), hidden \(s.hidden), max \(shipped.features.maxIDs) ids)")
} else {
    recipe = RouterRecipe()
    print("configuration: defaults (no model at \(modelPath))")
}
print("OpenBLAS kernel: \(BLAS.kernelName)")

var generator = SplitMix64(seed: 42)
let network = QualityNetwork(shape: recipe.shape(heads: 4), using: &generator)
let featurizer = PromptFeaturizer(config: recipe.features)
let sentence = "Which of the following best explains why the derivative of x^2 is 2x? Consider the limit definition. "
let prompt1K = String(String(repeating: sentence, count: 12).utf8.prefix(1024))!
let prompt2K = String(String(repeating: sentence, count: 24).utf8.prefix(2048))!

func latency(_ prompt: String, iterations: Int, score: (PromptFeatures) -> [Float]) -> Percentiles {
    var p = Percentiles()
    var features = PromptFeatures()
    var sink: Float = 0
    for i in 0..<iterations {
        let start = ContinuousClock.now
        featurizer.featurize(prompt, into: &features)
        sink += score(features)[i % 4]
        p.add((ContinuousClock.now - start).seconds)
    }
    if sink.isNaN { print("unexpected NaN") }
    return p
}

func report(_ label: String, _ p: Percentiles) {
    print(String(format: "%@ p50 %.1f µs  p99 %.1f µs", label, p.value(50) * 1e6, p.value(99) * 1e6))
}

_ = latency(prompt1K, iterations: 2000) { network.logits($0) }
report("featurize+score 1 KB, 4 models, BLAS:       ", latency(prompt1K, iterations: 20000) { network.logits($0) })
report("featurize+score 1 KB, 4 models, plain loops:", latency(prompt1K, iterations: 20000) { network.naiveLogits($0) })
report("featurize+score 2 KB, 4 models, BLAS:       ", latency(prompt2K, iterations: 20000) { network.logits($0) })
var features1K = featurizer.featurize(prompt1K)
var scoreOnly = Percentiles(), featurizeOnly = Percentiles()
for _ in 0..<20000 {
    var s = ContinuousClock.now
    featurizer.featurize(prompt1K, into: &features1K)
    featurizeOnly.add((ContinuousClock.now - s).seconds)
    s = ContinuousClock.now
    _ = network.logits(features1K)
    scoreOnly.add((ContinuousClock.now - s).seconds)
}
report("  of which featurize:                       ", featurizeOnly)
report("  of which score:                           ", scoreOnly)
print("ids per 1 KB prompt: \(features1K.ids.count)")

// The routing decision as the gateway makes it per request: featurize the last user turn,
// one forward pass of the shipped router (all its heads), then the policy.
if let router = try? ModelFile.load(path: modelPath), let strong = router.headIndex("gpt-4-1106-preview"),
   let weak = router.headIndex("mistralai/Mixtral-8x7B-Instruct-v0.1") {
    let routerFeaturizer = PromptFeaturizer(config: router.features)
    var controller = StrongShareController(target: 0.3, initialThreshold: 0.5, window: 2_000)
    func decide(_ prompt: String, policy: String) -> Percentiles {
        var p = Percentiles()
        var chosen = 0
        for i in 0..<20_000 {
            let start = ContinuousClock.now
            let f = routerFeaturizer.featurize(prompt + (i % 2 == 0 ? "" : " "), turns: 1)
            let logits = router.network.logits(f)
            switch policy {
            case "threshold":
                chosen += router.strongWin(logits: logits, strong: strong, weak: weak) >= 0.5 ? 1 : 0
            case "target_share":
                chosen += controller.decide(score: Double(router.strongWin(logits: logits, strong: strong, weak: weak))) ? 1 : 0
            default:
                let scores = router.scores(logits: logits)
                chosen += CostAwareChoice.best(quality: [Double(scores[weak]), Double(scores[strong])], cost: [0.0002, 0.004], lambda: 20)
            }
            p.add((ContinuousClock.now - start).seconds)
        }
        if chosen < 0 { print("unreachable") }
        return p
    }
    print("routing decision, shipped router (\(router.heads.count) heads), featurize + score + policy:")
    for policy in ["threshold", "target_share", "cost_aware"] {
        report("  \(policy.padding(toLength: 12, withPad: " ", startingAt: 0)) 1 KB:                ", decide(prompt1K, policy: policy))
        report("  \(policy.padding(toLength: 12, withPad: " ", startingAt: 0)) 2 KB:                ", decide(prompt2K, policy: policy))
    }
}

// Model load: the shipped configuration's file.
let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("triage-bench-\(getpid()).triage").path
let model = RouterModel(kind: .quality, features: recipe.features, heads: ["a", "b", "c", "d"], network: network)
try ModelFile.save(model, to: tmp)
let bytes = (try? FileManager.default.attributesOfItem(atPath: tmp)[.size] as? Int) ?? 0
var loads = Percentiles()
for _ in 0..<20 {
    let start = ContinuousClock.now
    _ = try ModelFile.load(path: tmp)
    loads.add((ContinuousClock.now - start).seconds)
}
try? FileManager.default.removeItem(atPath: tmp)
print(String(format: "model load (%.1f MB): p50 %.1f ms", Double(bytes) / 1_048_576, loads.value(50) * 1e3))

// The answer verifier: featurize+score one 2 KB prompt and a 1 KB answer, with the shipped
// verifier when there is one (else an untrained one of the default recipe's size).
let verifier: VerifierModel
if let shipped = try? VerifierModel.load(path: "Models/verifier.triage") {
    verifier = shipped
} else {
    let options = VerifierTrainingOptions()
    let models = ["a", "b"]
    let shape = VerifierNetwork.Shape(buckets: options.sizes.buckets, embedding: options.sizes.embedding,
                                      dense: VerifierFeaturizer.denseWidth(models: models.count), hidden: options.sizes.hidden)
    verifier = VerifierModel(features: options.features, models: models, network: VerifierNetwork(shape: shape, using: &generator))
}
let answerLine = "Here is the function:\n```python\ndef derivative(f, x, h=1e-6):\n    return (f(x + h) - f(x - h)) / (2 * h)\n```\n"
let answer1K = String(String(repeating: answerLine, count: 12).utf8.prefix(1024))!
let verifierModel = verifier.models.first
var verify = Percentiles()
var verifySink = 0.0
for i in 0..<22000 {
    let start = ContinuousClock.now
    verifySink += verifier.score(prompt: prompt2K, answer: answer1K, model: i % 2 == 0 ? verifierModel : nil)
    if i >= 2000 { verify.add((ContinuousClock.now - start).seconds) }
}
if verifySink.isNaN { print("unexpected NaN") }
report("verifier featurize+score 2 KB + 1 KB answer:", verify)
var verifierFeaturize = Percentiles(), verifierScore = Percentiles(), verifierSignals = Percentiles()
for i in 0..<20000 {
    var start = ContinuousClock.now
    let signals = AnswerSignals(prompt: prompt2K, answer: answer1K)
    verifierSignals.add((ContinuousClock.now - start).seconds)
    start = ContinuousClock.now
    let f = verifier.featurizer.featurize(prompt: prompt2K, answer: answer1K, model: i % 2 == 0 ? verifierModel : nil)
    verifierFeaturize.add((ContinuousClock.now - start).seconds)
    start = ContinuousClock.now
    verifySink += Double(verifier.network.logit(f)) + (signals.empty ? 1 : 0)
    verifierScore.add((ContinuousClock.now - start).seconds)
}
report("  of which featurize:                       ", verifierFeaturize)
report("    of which answer signals:                ", verifierSignals)
report("  of which score:                           ", verifierScore)

// Training throughput on MMLU prompts at this configuration.
if let dataDir = SharedDataLocator.dataDirectory() {
    let (table, _) = try OutcomeImporter.load(path: dataDir + "/routellm-mmlu", format: .routellm)
    let features = RouterTraining.featurize(table.rows.map(\.prompt), config: recipe.features)
    let objective = OutcomeObjective(labels: table.rows.map(\.scores), heads: table.models.count)
    var net = QualityNetwork(shape: recipe.shape(heads: table.models.count), using: &generator)
    var options = recipe.training
    options.epochs = 2
    let summaries = Trainer(options: options).train(&net, examples: features, objective: objective, train: Array(features.indices))
    let meanIDs = Double(features.reduce(0) { $0 + $1.ids.count }) / Double(features.count)
    print(String(format: "training: %.0f examples/s (epoch 2, %d MMLU prompts, %.0f ids per prompt, batch %d)",
                 summaries.last!.examplesPerSecond, features.count, meanIDs, options.batchSize))
} else {
    print("training: skipped (no ../shared/data; set TRIAGE_DATA)")
}
