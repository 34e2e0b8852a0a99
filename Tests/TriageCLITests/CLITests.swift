import Foundation
import Testing
@testable import TriageCore

/// Where the built `triage` executable is: `<package root>/.build/debug/triage`, nil if absent.
enum TriageExecutable {
    static let root = SharedDataLocator.packageRoot(above: #filePath)

    static let path: String? = root.map { "\($0)/.build/debug/triage" }.flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    }
}

/// The built `triage` executable, run as a user would: exit codes, stdout, stderr.
///
/// Needs `swift build` to have produced `.build/debug/triage`; the suite is skipped otherwise.
@Suite(
    .enabled(if: TriageExecutable.path != nil, "no .build/debug/triage beside the package: run `swift build` first"),
    .serialized)
struct CLITests {
    static var root: String? { TriageExecutable.root }
    static var executable: String? { TriageExecutable.path }

    static var outcomes: String { "Data/samples/outcomes.csv" }

    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// A scratch directory removed when `body` returns.
    static func inTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try await body(dir)
    }

    /// Runs `triage args…` from the package root; output goes to files, so a chatty child
    /// never blocks on a full pipe.
    static func triage(_ args: [String], timeout: Duration = .seconds(120)) async throws -> Run {
        let executable = try #require(executable)
        return try await inTemporaryDirectory { dir in
            let out = "\(dir)/stdout", err = "\(dir)/stderr"
            FileManager.default.createFile(atPath: out, contents: nil)
            FileManager.default.createFile(atPath: err, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = args
            process.currentDirectoryURL = URL(fileURLWithPath: try #require(root))
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
            try process.run()
            let deadline = ContinuousClock.now + timeout
            // Polling with a task sleep, not a thread sleep: a blocked thread is half of this
            // machine's concurrency pool, and every other test would wait on it.
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let timedOut = process.isRunning
            if timedOut { process.terminate() }
            process.waitUntilExit()
            let run = Run(
                status: process.terminationStatus,
                stdout: String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
                stderr: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self),
                timedOut: timedOut)
            #expect(!timedOut, "triage \(args.joined(separator: " ")) timed out after \(timeout)")
            return run
        }
    }

    /// A small router on the sample outcomes, quick to train.
    static func smallModel(in dir: String) async throws -> String {
        let path = "\(dir)/small.triage"
        let run = try await triage(["train", "--data", outcomes, "--format", "outcome", "--out", path,
                              "--epochs", "2", "--seed", "3", "--buckets", "4096", "--embedding", "8", "--hidden", "8"])
        try #require(run.status == 0, "training failed: \(run.stderr)")
        return path
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }

    // MARK: train

    @Test func trainWritesALoadableModel() async throws {
        try await Self.inTemporaryDirectory { dir in
            let path = "\(dir)/router.triage"
            let run = try await Self.triage(
                ["train", "--data", Self.outcomes, "--format", "outcome", "--out", path, "--epochs", "2", "--seed", "3"],
                timeout: .seconds(600))
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.isEmpty, "train keeps stdout clean: \(run.stdout)")
            #expect(run.stderr.contains("training a quality router on 14 prompts × 3 models"), "\(run.stderr)")
            #expect(run.stderr.contains("epoch 2/2"))
            #expect(run.stderr.contains("wrote \(path)"))
            let model = try ModelFile.load(path: path)
            #expect(model.kind == .quality)
            #expect(model.heads == ["local-8b", "mid-70b", "frontier-xl"])
            #expect(model.metadata.options.epochs == 2 && model.metadata.options.seed == 3)
            #expect(model.metadata.sources == ["\(Self.outcomes) (outcome)"])
            #expect(model.metadata.command.hasPrefix("triage train --data \(Self.outcomes)"))
        }
    }

    @Test func trainIsReproducibleAcrossRuns() async throws {
        try await Self.inTemporaryDirectory { dir in
            let a = try await Self.smallModel(in: dir)
            let bytesA = try #require(FileManager.default.contents(atPath: a))
            let b = try await Self.smallModel(in: dir)
            #expect(FileManager.default.contents(atPath: b) == bytesA)
        }
    }

    @Test func trainPairwiseFromPreferences() async throws {
        try await Self.inTemporaryDirectory { dir in
            let path = "\(dir)/pairs.triage"
            let run = try await Self.triage(["train", "--data", "Data/samples/pairwise.csv", "--format", "pairwise", "--out", path,
                                       "--epochs", "1", "--buckets", "4096", "--embedding", "8", "--hidden", "8"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("training a pairwise router on"))
            let model = try ModelFile.load(path: path)
            #expect(model.kind == .pairwise)
            #expect(Set(model.heads) == ["local-8b", "mid-70b", "frontier-xl"])

            let quality = try await Self.triage(["train", "--data", "Data/samples/pairwise.csv", "--format", "pairwise",
                                           "--objective", "quality", "--out", "\(dir)/q.triage"])
            #expect(quality.status != 0)
            #expect(quality.stderr.contains("--objective pairwise"), "\(quality.stderr)")
        }
    }

    // MARK: malformed data

    static let badCSV = """
        prompt,model,score
        Good one,a,1
        Good one,b,0
        Bad one,a,1.5
        Third,a,0
        Third,b,1
        Fourth,a,1
        Fourth,b,0

        """

    @Test func malformedRowNamesFileAndLine() async throws {
        try await Self.inTemporaryDirectory { dir in
            let data = "\(dir)/bad.csv", out = "\(dir)/bad.triage"
            try Self.badCSV.write(toFile: data, atomically: true, encoding: .utf8)
            let run = try await Self.triage(["train", "--data", data, "--format", "outcome", "--out", out, "--epochs", "1", "--buckets", "1024"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("\(data):4: score '1.5' is not a number in [0, 1]"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "no model is written from bad data")
        }
    }

    @Test func skipBadRowsTrainsAndReportsTheCount() async throws {
        try await Self.inTemporaryDirectory { dir in
            let data = "\(dir)/bad.csv", out = "\(dir)/bad.triage"
            try Self.badCSV.write(toFile: data, atomically: true, encoding: .utf8)
            let run = try await Self.triage(["train", "--data", data, "--format", "outcome", "--out", out,
                                       "--epochs", "1", "--buckets", "1024", "--skip-bad-rows"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("\(data): skipped 1 bad row(s)"), "\(run.stderr)")
            #expect(run.stderr.contains("\(data):4:"), "the reason is shown too: \(run.stderr)")
            #expect(run.stderr.contains("on 3 prompts × 2 models"), "\(run.stderr)")
            #expect(try ModelFile.load(path: out).heads == ["a", "b"])
        }
    }

    @Test func missingDataFileIsNamed() async throws {
        try await Self.inTemporaryDirectory { dir in
            let missing = "\(dir)/nope.csv"
            let run = try await Self.triage(["train", "--data", missing, "--format", "outcome", "--out", "\(dir)/m.triage"])
            #expect(run.status != 0)
            #expect(run.stderr.contains(missing) && run.stderr.contains("no such file"), "\(run.stderr)")
        }
    }

    // MARK: bad options

    @Test(arguments: [
        (["train", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--out", "OUT/m.triage", "--epochs", "0"], "epochs must be at least 1"),
        (["train", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--out", "OUT/m.triage", "--batch-size", "0"], "--batch-size must be at least 1"),
        (["train", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--out", "OUT/m.model"], "--out must name a .triage file"),
        (["train", "--data", "Data/samples/outcomes.csv", "--format", "nope", "--out", "OUT/m.triage"], "--format"),
        (["train", "--format", "outcome", "--out", "OUT/m.triage"], "--data"),
        (["train", "--data", "Data/samples/outcomes.csv", "--format", "outcome"], "--out"),
        (["score", "--model", "OUT/m.triage", "--data", "Data/samples/outcomes.csv", "--strong", "frontier-xl"], "give --strong and --weak together"),
        (["score", "--model", "OUT/m.triage", "--data", "Data/samples/outcomes.csv", "--weak", "local-8b"], "give --strong and --weak together"),
        (["eval", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--model", "OUT/m.triage", "--strong", "frontier-xl"], "--weak"),
        (["eval", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--model", "OUT/m.triage", "--cv", "3",
          "--strong", "frontier-xl", "--weak", "local-8b"], "give either --model MODEL or --cv K"),
        (["eval", "--data", "Data/samples/outcomes.csv", "--format", "outcome", "--cv", "1",
          "--strong", "frontier-xl", "--weak", "local-8b"], "--cv needs at least 2 folds"),
    ])
    func badOptionIsRejectedByName(args: [String], message: String) async throws {
        try await Self.inTemporaryDirectory { dir in
            let run = try await Self.triage(args.map { $0.replacingOccurrences(of: "OUT/", with: "\(dir)/") })
            #expect(run.status == 64, "usage errors exit with EX_USAGE; got \(run.status)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing is written")
        }
    }

    @Test
    func recipeProblemsNameTheOption() async throws {
        try await Self.inTemporaryDirectory { dir in
            let run = try await Self.triage(["train", "--data", Self.outcomes, "--format", "outcome", "--out", "\(dir)/m.triage", "--learning-rate", "0"])
            #expect(run.status == 64)
            #expect(run.stderr.contains("--learning-rate"), "\(run.stderr)")
        }
    }

    // MARK: calibrate

    @Test func calibratePrintsAThresholdThatHitsTheTargetShare() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let run = try await Self.triage(["calibrate", "--model", modelPath, "--prompts", Self.outcomes,
                                             "--target-strong-share", "0.3", "--strong", "frontier-xl", "--weak", "local-8b", "--json"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let object = try Self.json(Substring(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let threshold = try #require(object["threshold"] as? Double)
            let share = try #require(object["strong_share"] as? Double)
            // Recompute the share with the library: the threshold does what it says.
            let model = try ModelFile.load(path: modelPath)
            let featurizer = PromptFeaturizer(config: model.features)
            let prompts = try PromptFile.load(path: Self.outcomes)
            // (Within float noise: this process's BLAS may round the last bit differently, and
            // the sample repeats each prompt once per model, so scores tie at the cut.)
            let scores = prompts.map { Double(model.strongWin(featurizer.featurize($0), strong: 2, weak: 0)) }
            let surely = Double(scores.count { $0 >= threshold + 1e-5 }) / Double(scores.count)
            let maybe = Double(scores.count { $0 >= threshold - 1e-5 }) / Double(scores.count)
            #expect(surely <= share && share <= maybe, "\(surely) ≤ \(share) ≤ \(maybe)")
            #expect(share >= 0.3 - 1 / Double(scores.count), "ties may only push it up: \(share)")

            let sentence = try await Self.triage(["calibrate", "--model", modelPath, "--prompts", Self.outcomes,
                                                  "--target-strong-share", "0.3", "--strong", "frontier-xl", "--weak", "local-8b"])
            #expect(sentence.stdout.hasPrefix("threshold "), "\(sentence.stdout)")
        }
    }

    @Test func calibrateRejectsAShareOutsideZeroToOne() async throws {
        let run = try await Self.triage(["calibrate", "--model", "m", "--prompts", "p", "--target-strong-share", "1.5",
                                         "--strong", "a", "--weak", "b"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--target-strong-share"), "\(run.stderr)")
    }

    // MARK: score

    @Test func scorePrintsOneLinePerPromptInInputOrder() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let prompts = ["Prove that √2 is irrational.", "Hello, \"world\"", "What is 2+2?", "Prove that √2 is irrational."]
            let csv = "id,prompt\n" + prompts.enumerated().map { i, p in "\(i),\"\(p.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: "\n") + "\n"
            try csv.write(toFile: "\(dir)/prompts.csv", atomically: true, encoding: .utf8)
            let run = try await Self.triage(["score", "--model", modelPath, "--data", "\(dir)/prompts.csv", "--strong", "frontier-xl", "--weak", "local-8b"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            try #require(lines.count == prompts.count, "\(run.stdout)")

            // The same numbers the library gives, prompt by prompt.
            let model = try ModelFile.load(path: modelPath)
            let featurizer = PromptFeaturizer(config: model.features)
            for (i, line) in lines.enumerated() {
                let object = try Self.json(line)
                #expect(Set(object.keys) == ["index", "scores", "strong_win"])
                #expect(object["index"] as? Int == i)
                let scores = try #require(object["scores"] as? [String: Double])
                #expect(Set(scores.keys) == Set(model.heads))
                #expect(scores.values.allSatisfy { (0...1).contains($0) })
                let strongWin = try #require(object["strong_win"] as? Double)
                #expect((0...1).contains(strongWin))
                let f = featurizer.featurize(prompts[i])
                for (head, p) in zip(model.heads, model.scores(f)) {
                    #expect(abs(scores[head]! - Double(p)) < 2e-6, "prompt \(i), head \(head)")
                }
                #expect(abs(strongWin - Double(model.strongWin(f, strong: 2, weak: 0))) < 2e-6)
            }
            // Repeated prompt, repeated output.
            #expect(lines[0].dropFirst(11) == lines[3].dropFirst(11))
        }
    }

    @Test func scoreReadsJSONLinesAndOmitsStrongWinWithoutAPair() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let jsonl = """
                {"prompt": "Translate 'thank you' into Japanese.", "id": 7}

                {"prompt": "Write a haiku\\nabout tea."}
                {"id": 9, "prompt": "日本語で答えてください"}

                """
            try jsonl.write(toFile: "\(dir)/prompts.jsonl", atomically: true, encoding: .utf8)
            let run = try await Self.triage(["score", "--model", modelPath, "--data", "\(dir)/prompts.jsonl"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 3, "blank lines are skipped: \(run.stdout)")
            for (i, line) in lines.enumerated() {
                let object = try Self.json(line)
                #expect(Set(object.keys) == ["index", "scores"])
                #expect(object["index"] as? Int == i)
                #expect((object["scores"] as? [String: Double])?.values.allSatisfy { (0...1).contains($0) } == true)
            }
        }
    }

    @Test func scoreWithAnUnknownHeadListsTheHeads() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let run = try await Self.triage(["score", "--model", modelPath, "--data", Self.outcomes, "--strong", "gpt-9", "--weak", "local-8b"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("no head 'gpt-9'") && run.stderr.contains("local-8b, mid-70b, frontier-xl"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func scoreReportsABadPromptFileByLine() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            try "{\"prompt\": \"ok\"}\n{\"text\": \"no prompt\"}\n".write(toFile: "\(dir)/p.jsonl", atomically: true, encoding: .utf8)
            let run = try await Self.triage(["score", "--model", modelPath, "--data", "\(dir)/p.jsonl"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("\(dir)/p.jsonl:2: no string field 'prompt'"), "\(run.stderr)")
        }
    }

    // MARK: eval

    @Test func evalPrintsTheReportAsJSON() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let run = try await Self.triage(["eval", "--model", modelPath, "--data", Self.outcomes, "--format", "outcome",
                                       "--strong", "frontier-xl", "--weak", "local-8b", "--json"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(Set(["apgr", "cpt50", "cpt80", "curve", "baselines"]).isSubset(of: report.keys), "\(report.keys)")
            #expect(report["apgr"] is Double)
            let curve = try #require(report["curve"] as? [[String: Double]])
            #expect(curve.map { $0["share"]! } == (0...10).map { Double($0) / 10 })
            #expect(curve.first?["pgr"] == 0 && curve.last?["pgr"] == 1)
            let baselines = try #require(report["baselines"] as? [String: Any])
            #expect(Set(baselines.keys) == ["random", "always_weak", "always_strong", "perfect"])
            // The decoded report agrees with the library's type.
            #expect(throws: Never.self) { try JSONDecoder().decode(EvaluationReport.self, from: Data(run.stdout.utf8)) }
        }
    }

    @Test func evalWithAnUnknownModelNamesTheDataModels() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let run = try await Self.triage(["eval", "--model", modelPath, "--data", Self.outcomes, "--format", "outcome",
                                       "--strong", "gpt-9", "--weak", "local-8b"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("no model 'gpt-9'") && run.stderr.contains("frontier-xl"), "\(run.stderr)")
        }
    }

    // MARK: inspect

    @Test func inspectPrintsHeadsAndProvenance() async throws {
        try await Self.inTemporaryDirectory { dir in
            let modelPath = try await Self.smallModel(in: dir)
            let run = try await Self.triage(["inspect", modelPath])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("kind: quality"))
            #expect(lines.contains("heads: local-8b, mid-70b, frontier-xl"))
            #expect(lines.contains { $0.hasPrefix("network: buckets 4096 × embedding 8") })
            #expect(lines.contains("sources: \(Self.outcomes) (outcome)"))
            #expect(lines.contains { $0.hasPrefix("examples: ") && $0.contains("epochs 2") && $0.contains("seed 3") })
        }
    }

    @Test func inspectReportsMissingAndCorruptFiles() async throws {
        try await Self.inTemporaryDirectory { dir in
            let missing = try await Self.triage(["inspect", "\(dir)/absent.triage"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("cannot read model file \(dir)/absent.triage: no such file"), "\(missing.stderr)")

            let modelPath = try await Self.smallModel(in: dir)
            var bytes = try #require(FileManager.default.contents(atPath: modelPath))
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: modelPath))
            let corrupt = try await Self.triage(["inspect", modelPath])
            #expect(corrupt.status != 0)
            #expect(corrupt.stderr.contains("model file is corrupt: checksum mismatch"), "\(corrupt.stderr)")
            #expect(corrupt.stdout.isEmpty)
        }
    }
}
