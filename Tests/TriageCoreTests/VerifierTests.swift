import Foundation
import Testing
@testable import TriageCore

/// The trained verifier: gradients, learning, determinism, the model file and its errors.
@Suite struct VerifierTests {
    static func fixture(_ name: String) throws -> String {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(name).path
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    /// Small enough to train in well under a second.
    static let small = VerifierTrainingOptions(
        seed: 5, epochs: 8, learningRate: 0.01, batchSize: 16,
        sizes: .init(buckets: 1024, maxIDs: 128, embedding: 8, hidden: 8))

    /// Answers that refuse are wrong, others right; one model is right whatever it says, one wrong.
    static func synthetic() -> [VerifierExample] {
        var out: [VerifierExample] = []
        let topics = ["tides", "volcanoes", "bees", "glaciers", "comets", "ferns", "owls", "rivers", "deserts", "clouds"]
        for (i, topic) in topics.enumerated() {
            for j in 0..<4 {
                let prompt = "Question \(i * 4 + j): explain briefly how \(topic) form."
                out.append(VerifierExample(prompt: prompt, answer: "\(topic.capitalized) form when conditions \(j) allow it.", model: "plain", correct: true))
                out.append(VerifierExample(prompt: prompt, answer: "I'm unable to help with questions about \(topic).", model: "plain", correct: false))
                out.append(VerifierExample(prompt: prompt, answer: "They form over time.", model: "oracle", correct: true))
                out.append(VerifierExample(prompt: prompt, answer: "They form over time.", model: "broken", correct: false))
            }
        }
        return out
    }

    // MARK: gradients

    @Test func gradientsMatchFiniteDifferences() {
        let shape = VerifierNetwork.Shape(buckets: 16, embedding: 3, dense: 2, hidden: 4)
        var g = SplitMix64(seed: 9)
        var net = VerifierNetwork(shape: shape, using: &g)
        net.table.randomize(scale: 1, using: &g)
        for i in net.wide.indices { net.wide[i] = Float.random(in: -1...1, using: &g) }
        var batch = VerifierNetwork.Batch(denseWidth: 2)
        batch.append(VerifierFeatures(promptIDs: [0, 3, 3, 5], answerIDs: [9, 12], crossIDs: [2, 7, 7], dense: [0.5, -0.2]))
        batch.append(VerifierFeatures(promptIDs: [1], answerIDs: [], crossIDs: [7, 11], modelCrosses: 1, dense: [0.1, 0.9]))
        batch.append(VerifierFeatures(promptIDs: [], answerIDs: [12, 15, 3], crossIDs: [2, 4], modelCrosses: 1, dense: [-0.7, 0.3]), dropping: 1..<2)
        #expect(batch.crossIDs == [2, 7, 7, 7, 11, 2], "the dropped example's model cross is left out")
        let y = Matrix(rows: 3, cols: 1, values: [1, 0, 1]), mask = Matrix(rows: 3, cols: 1, repeating: 1)

        func loss(_ n: VerifierNetwork) -> Float {
            var a = VerifierNetwork.Activations(shape: shape)
            n.forward(batch, into: &a)
            var dZ = Matrix(rows: 3, cols: 1)
            return SigmoidCrossEntropy.lossAndGradient(logits: a.z, targets: y, mask: mask, dZ: &dZ)
        }
        var a = VerifierNetwork.Activations(shape: shape)
        net.forward(batch, into: &a)
        var dZ = Matrix(rows: 3, cols: 1)
        _ = SigmoidCrossEntropy.lossAndGradient(logits: a.z, targets: y, mask: mask, dZ: &dZ)
        var grads = VerifierNetwork.Gradients(shape: shape)
        net.backward(batch, activations: a, dZ: dZ, into: &grads)
        var tableGrad = SparseRowGradient(rows: 16, cols: 3)
        VerifierNetwork.backwardEmbedding(batch, dX: grads.dX!, embedding: 3, into: &tableGrad)
        #expect(Set(tableGrad.touched) == [0, 1, 3, 5, 9, 12, 15])

        let epsilon: Float = 1e-2
        func check(_ analytic: Float, _ path: WritableKeyPath<VerifierNetwork, Float>, _ what: String) {
            var plus = net, minus = net
            plus[keyPath: path] += epsilon
            minus[keyPath: path] -= epsilon
            let numeric = (loss(plus) - loss(minus)) / (2 * epsilon)
            let scale = max(abs(analytic), abs(numeric), 1e-3)
            #expect(abs(analytic - numeric) / scale < 0.05, "\(what): analytic \(analytic) vs numeric \(numeric)")
        }
        let table = tableGrad.dense()
        for i in net.table.values.indices { check(table.values[i], \.table.values[i], "E[\(i)]") }
        for i in net.hidden.w.values.indices { check(grads.hiddenW.values[i], \.hidden.w.values[i], "W1[\(i)]") }
        for i in net.hidden.b.indices { check(grads.hiddenB[i], \.hidden.b[i], "b1[\(i)]") }
        for i in net.output.w.values.indices { check(grads.outputW.values[i], \.output.w.values[i], "w2[\(i)]") }
        check(grads.outputB[0], \.output.b[0], "b2")
        for i in net.wide.indices { check(grads.wide[i], \.wide[i], "u[\(i)]") }
    }

    @Test func singleScoreMatchesTheBatchForwardPass() {
        let shape = VerifierNetwork.Shape(buckets: 32, embedding: 4, dense: 3, hidden: 5)
        var g = SplitMix64(seed: 2)
        let net = VerifierNetwork(shape: shape, using: &g)
        var net2 = net
        net2.wide[5] = 0.25
        let f = VerifierFeatures(promptIDs: [1, 2, 2], answerIDs: [20, 31], crossIDs: [5, 9], dense: [0.3, 0, 1])
        var batch = VerifierNetwork.Batch(denseWidth: 3)
        batch.append(f)
        var a = VerifierNetwork.Activations(shape: shape)
        net.forward(batch, into: &a)
        #expect(abs(net.logit(f) - a.z[0, 0]) < 1e-5)
        #expect(abs(net2.logit(f) - net.logit(f) - 0.25) < 1e-5)
    }

    // MARK: learning

    @Test func learnsRefusalsAndModelReliability() {
        let model = VerifierTraining.train(Self.synthetic(), options: Self.small)
        let prompt = "Question 99: explain briefly how storms form."
        let plain = model.score(prompt: prompt, answer: "Storms form when conditions 2 allow it.", model: "plain")
        let refusal = model.score(prompt: prompt, answer: "I'm unable to help with questions about storms.", model: "plain")
        #expect(plain > 0.7, "\(plain)")
        #expect(refusal < 0.3, "\(refusal)")
        let oracle = model.score(prompt: prompt, answer: "They form over time.", model: "oracle")
        let broken = model.score(prompt: prompt, answer: "They form over time.", model: "broken")
        #expect(oracle > 0.7 && broken < 0.3, "oracle \(oracle), broken \(broken)")
        // No model, or one never seen, leaves the model block out; the answer text still counts.
        for name in [nil, "never-seen"] as [String?] {
            let s = model.score(prompt: prompt, answer: "I'm unable to help with questions about storms.", model: name)
            #expect(s > 0 && s < 0.5, "\(String(describing: name)): \(s)")
        }
        #expect(model.models == ["broken", "oracle", "plain"])
    }

    @Test func trainingIsDeterministicForASeed() {
        let a = VerifierTraining.train(Self.synthetic(), options: Self.small)
        let b = VerifierTraining.train(Self.synthetic(), options: Self.small)
        #expect(a == b)
        var other = Self.small
        other.seed = 6
        #expect(VerifierTraining.train(Self.synthetic(), options: other).network != a.network)
    }

    @Test func scoresStayInsideTheOpenInterval() {
        let model = VerifierTraining.train(Self.synthetic(), options: Self.small)
        for answer in ["", String(repeating: "x", count: 5000), "```\n```", "🙂"] {
            let s = model.score(prompt: "", answer: answer, model: nil)
            #expect(s > 0 && s < 1, "\(s)")
        }
    }

    // MARK: examples

    @Test func examplesFromARouterBenchFixture() throws {
        let (table, _) = try RouterBenchImporter.load(path: Self.fixture("routerbench"))
        let all = VerifierExample.examples(from: table)
        // tiny: m3 has no score on row 0, m2 an empty response list on row 1; other: three answers.
        #expect(all.count == 7)
        #expect(all.first == VerifierExample(prompt: "Question: 2+3?\nAnswer:", answer: "5", model: "m1", correct: true))
        #expect(all.contains(VerifierExample(prompt: "Question: 2+3?\nAnswer:", answer: "It's 6", model: "m2", correct: false)))
        let secondRow = VerifierExample.examples(from: table, rows: [1])
        #expect(secondRow.map(\.model) == ["m1", "m3"])
        #expect(secondRow.map(\.correct) == [false, true])
    }

    @Test func examplesNeedResponses() {
        let table = OutcomeTable(models: ["a", "b"], rows: [
            OutcomeRow(prompt: "p", scores: [1, 0]),
            OutcomeRow(prompt: "q", scores: [0.4, nil], responses: ["x", "y"]),
        ])
        #expect(VerifierExample.examples(from: table) == [VerifierExample(prompt: "q", answer: "x", model: "a", correct: false)])
    }

    // MARK: the model file

    @Test func saveAndLoadGiveIdenticalScores() throws {
        var model = VerifierTraining.train(Self.synthetic(), options: Self.small)
        model.metadata.command = "triage train-verifier --data \"a b\""
        let path = Self.temporaryPath("verifier.triage")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        let loaded = try VerifierModel.load(path: path)
        #expect(loaded == model)
        #expect(loaded.encode() == model.encode())
        for (p, a, m) in [("Question 1: explain", "They form.", "plain"), ("x", "I'm unable to help", nil), ("", "", "new")] as [(String, String, String?)] {
            #expect(loaded.score(prompt: p, answer: a, model: m) == model.score(prompt: p, answer: a, model: m))
        }
    }

    @Test func aRouterIsNotAVerifierAndTheReverse() throws {
        let router = ModelFileTests.model()
        let routerPath = Self.temporaryPath("router.triage")
        let verifierPath = Self.temporaryPath("verifier.triage")
        defer {
            try? FileManager.default.removeItem(atPath: routerPath)
            try? FileManager.default.removeItem(atPath: verifierPath)
        }
        try ModelFile.save(router, to: routerPath)
        let error = #expect(throws: ModelFileError.self) { try VerifierModel.load(path: routerPath) }
        #expect(error == .inFile(path: routerPath, .wrongKind(found: "router model (quality)", expected: "verifier model")))
        #expect(error?.description.contains(routerPath) == true && error?.description.contains("router") == true)

        try VerifierTraining.train(Self.synthetic(), options: Self.small).write(to: verifierPath)
        let reverse = #expect(throws: ModelFileError.self) { try ModelFile.load(path: verifierPath) }
        #expect(reverse == .inFile(path: verifierPath, .wrongKind(found: "verifier model", expected: "router model")))
    }

    @Test func damagedFilesGiveClearErrors() throws {
        let bytes = VerifierTraining.train(Self.synthetic(), options: Self.small).encode()
        let path = Self.temporaryPath("damaged.triage")
        defer { try? FileManager.default.removeItem(atPath: path) }
        func loadError(_ b: [UInt8]) throws -> ModelFileError? {
            try Data(b).write(to: URL(fileURLWithPath: path))
            let e = #expect(throws: ModelFileError.self) { try VerifierModel.load(path: path) }
            #expect(e?.description.hasPrefix(path) == true, "\(String(describing: e))")
            return e
        }
        var flipped = bytes
        flipped[bytes.count - 100] ^= 0x40
        #expect(try loadError(flipped) == .inFile(path: path, .checksumMismatch))
        #expect(try loadError(Array(bytes.prefix(bytes.count - 10))) == .inFile(path: path, .truncated(expected: bytes.count, actual: bytes.count - 10)))
        guard case .inFile(path, .truncated)? = try loadError(Array(bytes.prefix(40))) else {
            Issue.record("expected a truncated header")
            return
        }
        #expect(try loadError([]) == .inFile(path: path, .truncated(expected: 20, actual: 0)))
        #expect(try loadError(Array("not a model at all, just text".utf8)) == .inFile(path: path, .notAModel))

        let missing = "/nonexistent-\(UUID().uuidString)/verifier.triage"
        #expect(throws: ModelFileError.unreadable(path: missing, reason: "no such file")) { try VerifierModel.load(path: missing) }
    }
}
