import Foundation
import Testing
@testable import TriageCore

/// `triage train-verifier` on a tiny RouterBench-shaped fixture, and its errors.
extension CLITests {
    static var verifierBench: String { "Tests/TriageCoreTests/Fixtures/verifierbench" }
    static let smallVerifier = ["--epochs", "3", "--buckets", "1024", "--embedding", "4", "--hidden", "8", "--max-ids", "64"]

    @Test func trainVerifierReportsHeldOutFiguresAndWritesAModel() async throws {
        try await Self.inTemporaryDirectory { dir in
            let out = "\(dir)/verifier.triage"
            let run = try await Self.triage(["train-verifier", "--data", Self.verifierBench, "--format", "routerbench",
                                             "--holdout", "0.25", "--seed", "3", "--out", out, "--json"] + Self.smallVerifier)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("trained on all data"), "\(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(json["refit"] as? Bool == true)
            let holdout = try #require(json["holdout"] as? [String: Any])
            let overall = try #require(holdout["overall"] as? [String: Any])
            let auc = try #require(overall["auc"] as? Double)
            #expect((0...1).contains(auc))
            #expect(overall["heuristicAUC"] is Double)
            let sources = try #require(holdout["sources"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(Set(sources).isSubset(of: ["toychoice", "toycode"]) && !sources.isEmpty, "\(sources)")
            let models = try #require(holdout["models"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(models == ["alpha-small", "beta-large", "gamma-chatty"])

            let verifier = try VerifierModel.load(path: out)
            #expect(verifier.models == ["alpha-small", "beta-large", "gamma-chatty"])
            #expect(verifier.metadata.command.hasPrefix("triage train-verifier"))
            #expect(abs((verifier.metadata.metrics["heldout_auc"] ?? -1) - auc) < 1e-9)
            let s = verifier.score(prompt: "Which is heavier?\nA) anvil\nB) ribbon\nC) a grain of sand", answer: "A", model: "beta-large")
            #expect(s > 0 && s < 1)
        }
    }

    @Test func trainVerifierTextReportListsTasksAndModels() async throws {
        try await Self.inTemporaryDirectory { dir in
            let run = try await Self.triage(["train-verifier", "--data", Self.verifierBench, "--format", "routerbench",
                                             "--no-refit", "--out", "\(dir)/v.triage"] + Self.smallVerifier)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("trained on the training split"), "\(run.stderr)")
            for needle in ["verifier", "heuristic", "gamma-chatty", "mean per-model AUC"] {
                #expect(run.stdout.contains(needle), "\(needle) missing from: \(run.stdout)")
            }
        }
    }

    @Test func trainVerifierNamesAMissingDataPath() async throws {
        try await Self.inTemporaryDirectory { dir in
            let missing = "\(dir)/no-such-dir"
            let run = try await Self.triage(["train-verifier", "--data", missing, "--format", "routerbench", "--out", "\(dir)/v.triage"])
            #expect(run.status != 0)
            #expect(run.stderr.contains(missing) && run.stderr.contains("no such file"), "\(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
    }

    @Test func trainVerifierRejectsDataWithoutAnswers() async throws {
        try await Self.inTemporaryDirectory { dir in
            let data = "Tests/TriageCoreTests/Fixtures/routellm"
            let run = try await Self.triage(["train-verifier", "--data", data, "--format", "routellm", "--out", "\(dir)/v.triage"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("\(data): no answers"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/v.triage"))
        }
    }

    @Test func trainVerifierNamesTheLineOfAMalformedRow() async throws {
        try await Self.inTemporaryDirectory { dir in
            let data = "\(dir)/bad_train.csv"
            let csv = """
                ,sample_id,prompt,eval_name,m1,m1|model_response,m1|total_cost
                0,a,['Q1'],t,1.0,['yes'],0.001
                1,b,['Q2'],t,7.5,['no'],0.001

                """
            try csv.write(toFile: data, atomically: true, encoding: .utf8)
            let run = try await Self.triage(["train-verifier", "--data", data, "--format", "routerbench", "--out", "\(dir)/v.triage"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("\(data):3:"), "\(run.stderr)")
        }
    }
}
