import Foundation
import Testing

/// `calibrate --cascade` and `eval --cascade` on a small RouterBench-shaped fixture.
@Suite(.enabled(if: TriageExecutable.path != nil, "no .build/debug/triage beside the package: run `swift build` first"), .serialized)
struct CascadeCLITests {
    static let data = "Tests/TriageCoreTests/Fixtures/cascade/cascade_train.csv"
    static let small = ["--epochs", "1", "--buckets", "4096", "--embedding", "8", "--hidden", "8", "--seed", "2"]

    @Test func calibratePrintsThresholdsThatMeetTheCostTarget() async throws {
        let run = try await CLITests.triage(["calibrate", "--cascade", "--data", Self.data, "--format", "routerbench",
                                              "--tiers", "tiny-lm,mid-lm,big-lm", "--verifier", "heuristic", "--target-cost", "0.004", "--json"])
        try #require(run.status == 0, "\(run.stderr)")
        let object = try CLITests.json(Substring(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let thresholds = try #require(object["thresholds"] as? [Double])
        #expect(thresholds.count == 2 && thresholds.allSatisfy { (0...1).contains($0) })
        #expect(try #require(object["cost"] as? Double) <= 0.004)
        #expect(object["met"] as? Bool == true)
        #expect(object["tiers"] as? [String] == ["tiny-lm", "mid-lm", "big-lm"])

        let text = try await CLITests.triage(["calibrate", "--cascade", "--data", Self.data, "--tiers", "tiny-lm,big-lm",
                                               "--verifier", "heuristic", "--target-quality", "0.9"])
        try #require(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("thresholds: ["))
        #expect(text.stdout.contains("tiers: [tiny-lm, big-lm]"))
    }

    @Test func calibrateNamesAnUnknownTier() async throws {
        let run = try await CLITests.triage(["calibrate", "--cascade", "--data", Self.data, "--tiers", "tiny-lm,gpt-9",
                                              "--verifier", "heuristic", "--target-cost", "0.01"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("unknown tier 'gpt-9'"), "\(run.stderr)")
        #expect(run.stderr.contains("tiny-lm, mid-lm, big-lm"), "\(run.stderr)")

        let noTarget = try await CLITests.triage(["calibrate", "--cascade", "--data", Self.data, "--tiers", "tiny-lm,big-lm"])
        #expect(noTarget.status != 0 && noTarget.stderr.contains("--target-cost"), "\(noTarget.stderr)")
    }

    @Test func evalComparesThePoliciesUnderCrossValidation() async throws {
        let run = try await CLITests.triage(["eval", "--cascade", "--data", Self.data, "--format", "routerbench", "--cv", "2",
                                              "--calibration-folds", "2", "--budgets", "8", "--json"] + Self.small, timeout: .seconds(300))
        try #require(run.status == 0, "\(run.stderr)")
        let object = try CLITests.json(Substring(run.stdout))
        let all = try #require(object["all"] as? [String: Any])
        let policies = try #require(all["policies"] as? [[String: Any]])
        #expect(policies.map { $0["name"] as? String } == ["router only", "cascade only", "router + cascade"])
        #expect((all["models"] as? [[String: Any]])?.count == 3)
        for p in policies { #expect((0...1).contains(try #require(p["aiq"] as? Double))) }
        #expect(Set((object["tasks"] as? [String: Any])?.keys ?? [:].keys) == ["code", "quiz"])
        #expect((object["chains"] as? [String: Any])?["router + cascade"] as? [[String]] != nil)
    }

    @Test func evalWithAGivenRouterPrintsTheTable() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            let router = "\(dir)/r.triage"
            let train = try await CLITests.triage(["train", "--data", Self.data, "--format", "routerbench", "--out", router] + Self.small)
            try #require(train.status == 0, "\(train.stderr)")
            let run = try await CLITests.triage(["eval", "--cascade", "--data", Self.data, "--format", "routerbench", "--model", router,
                                                  "--verifier", "heuristic", "--tiers", "tiny-lm,big-lm", "--budgets", "8"])
            try #require(run.status == 0, "\(run.stderr)")
            for text in ["router only", "cascade only", "router + cascade", "has the highest AIQ", "tiny-lm → big-lm"] {
                #expect(run.stdout.contains(text), "missing \(text) in \(run.stdout)")
            }
            let bad = try await CLITests.triage(["eval", "--cascade", "--data", Self.data, "--format", "routerbench", "--model", router,
                                                  "--verifier", "heuristic", "--tiers", "tiny-lm,nope-lm"])
            #expect(bad.status != 0 && bad.stderr.contains("unknown tier 'nope-lm'"), "\(bad.stderr)")
        }
    }
}
