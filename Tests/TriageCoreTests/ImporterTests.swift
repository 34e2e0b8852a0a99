import Foundation
import Testing
import TriageCore

/// Importers over the small files in `Fixtures/` and the project's `Data/samples/`.
@Suite struct ImporterTests {
    static func fixture(_ name: String) throws -> String {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(name).path
    }

    static let skipping = ImportOptions(skipBadRows: true)

    // MARK: outcome CSV

    @Test func outcomeCSVMergesRowsOfOnePrompt() throws {
        let (table, report) = try OutcomeCSVImporter.load(path: Self.fixture("outcomes_good.csv"))
        #expect(report == ImportReport())
        #expect(table.models == ["small", "large", "medium"])
        #expect(table.rows.map(\.prompt) == ["What is 2 + 2?", "Write a haiku\nabout rain."])
        #expect(table.rows[0].scores == [1, 1, 0])
        #expect(table.rows[1].scores == [0.25, 0.75, nil])
        #expect(table.rows[0].costs == [0.0001, 0.003, 0.001])
        #expect(table.rows[1].costs == [0.0002, nil, nil])
        #expect(table.rows[0].responses == ["4", "The answer is 4.", nil])
        #expect(table.rows[1].responses == ["Rain, rain, \"go away\"", "Soft rain on the roof", nil])
        #expect(table.rows[0].source == "outcomes_good")
    }

    @Test func outcomeCSVStopsAtTheFirstBadRow() throws {
        let path = try Self.fixture("outcomes_bad.csv")
        let error = #expect(throws: DataFileError.self) { try OutcomeCSVImporter.load(path: path) }
        #expect(error?.description == "\(path):3: score '1.5' is not a number in [0, 1]")
    }

    @Test func outcomeCSVSkipsBadRowsWhenAsked() throws {
        let path = try Self.fixture("outcomes_bad.csv")
        let (table, report) = try OutcomeCSVImporter.load(path: path, options: Self.skipping)
        #expect(table.rows.map(\.prompt) == ["First prompt", "Fifth prompt"])
        #expect(table.models == ["a", "b"])
        #expect(table.rows.map(\.scores) == [[1, nil], [nil, 0]])
        #expect(table.rows[0].costs == nil && table.rows[0].responses == nil)
        #expect(report.skippedRows == 3)
        #expect(report.messages == [
            "\(path):3: score '1.5' is not a number in [0, 1]",
            "\(path):4: score 'abc' is not a number in [0, 1]",
            "\(path):5: expected 3 fields as in the header, found 2",
        ])
    }

    @Test func outcomeCSVNeedsItsColumns() throws {
        let path = try Self.fixture("outcomes_missing_column.csv")
        let error = #expect(throws: DataFileError.self) {
            try OutcomeCSVImporter.load(path: path, options: Self.skipping)
        }
        #expect(error?.description == "\(path):1: missing required column 'score'")
    }

    // MARK: preferences

    @Test func pairwiseCSV() throws {
        let (pairs, _) = try PairwiseCSVImporter.load(path: Self.fixture("pairwise.csv"))
        #expect(pairs.map(\.winner) == [.modelB, .tie, .modelA, .tieBothBad])
        #expect(pairs[1] == PreferencePair(prompt: "Say \"hi\".", modelA: "small", modelB: "large", winner: .tie))
    }

    @Test func pairwiseCSVBadWinner() throws {
        let path = try Self.fixture("pairwise_bad.csv")
        let error = #expect(throws: DataFileError.self) { try PairwiseCSVImporter.load(path: path) }
        #expect(error?.line == 3)
        let (pairs, report) = try PairwiseCSVImporter.load(path: path, options: Self.skipping)
        #expect(pairs.count == 1 && report.skippedRows == 1)
    }

    @Test func arenaExport() throws {
        let path = try Self.fixture("arena.csv")
        let error = #expect(throws: DataFileError.self) { try ArenaImporter.load(path: path) }
        #expect(error?.line == 5)
        let (pairs, report) = try ArenaImporter.load(path: path, options: Self.skipping)
        #expect(pairs == [
            PreferencePair(prompt: "What is the capital of France?", modelA: "alpha", modelB: "beta", winner: .tie),
            PreferencePair(prompt: "Write a limerick.\nMake it about cats.", modelA: "beta", modelB: "gamma", winner: .modelA),
            PreferencePair(prompt: "Is é a vowel?", modelA: "alpha", modelB: "gamma", winner: .modelB),
        ])
        #expect(report.skippedRows == 2)
        #expect(report.messages[1] == "\(path):6: prompt is not a JSON list of strings")
    }

    @Test func preferenceImporterDerivesPairsFromOutcomes() throws {
        let (pairs, _) = try PreferenceImporter.load(path: Self.fixture("outcomes_good.csv"), format: .outcome)
        // Prompt 1: small 1, large 1, medium 0 → three pairs; prompt 2: only small and large scored.
        #expect(pairs.map(\.winner) == [.tie, .modelA, .modelA, .modelB])
        #expect(pairs.map(\.modelA) == ["small", "small", "large", "small"])
    }

    @Test func outcomeImporterRejectsPreferenceFormats() throws {
        #expect(throws: DataFileError.self) {
            try OutcomeImporter.load(path: Self.fixture("pairwise.csv"), format: .pairwise)
        }
    }

    @Test func pairDerivationThreshold() {
        let table = OutcomeTable(models: ["a", "b", "c"], rows: [OutcomeRow(prompt: "p", scores: [0.4, nil, 0.2])])
        #expect(PairDerivation.pairs(from: table).map(\.winner) == [.tieBothBad])
        #expect(PairDerivation.pairs(from: table, threshold: 0.3).map(\.winner) == [.modelA])
    }

    // MARK: public layouts

    @Test func routeLLMDirectoryDropsContaminatedPrompts() throws {
        let root = try Self.fixture("routellm")
        let (table, report) = try OutcomeImporter.load(path: root, format: .routellm)
        #expect(table.models == ["weak", "strong"])
        #expect(table.rows.map(\.source) == ["mmlu_alpha", "mmlu_alpha", "mmlu_beta", "mmlu_beta"])
        #expect(table.rows.map(\.prompt) == [
            "Repeated question", "Pick the \"odd\" one.\nA. cat\nB. car\nAnswer:",
            "Which is larger?\nA. 1\nB. 2\nAnswer:", "Repeated question",
        ])
        #expect(table.rows.map(\.scores) == [[0, 1], [1, 0], [0, 1], [1, 1]])
        #expect(report.messages == ["\(root)/contaminated_prompts.jsonl: dropped 1 rows whose prompt is listed as contaminated"])
    }

    @Test func routeLLMSingleFileFindsTheContaminationList() throws {
        let (table, report) = try RouteLLMImporter.load(path: Self.fixture("routellm/responses/mmlu_alpha.csv"))
        #expect(table.rows.count == 2)
        #expect(report.messages.count == 1)
    }

    @Test func routerBenchDirectory() throws {
        let (table, report) = try OutcomeImporter.load(path: Self.fixture("routerbench"), format: .routerbench)
        #expect(report == ImportReport())
        #expect(table.models == ["m1", "m2", "m3"])
        #expect(table.rows.map(\.prompt) == ["Question: 2+3?\nAnswer:", "Say hi", "Other prompt"])
        #expect(table.rows.map(\.source) == ["tiny", "tiny", "zz_other_train"])
        #expect(table.rows.map(\.scores) == [[1, 0, nil], [0, 1, 1], [1, 1, 1]])
        #expect(table.rows[0].responses == ["5", "It's 6", "5é"])
        #expect(table.rows[1].responses == ["hey", nil, "hi"])
        #expect(table.rows[0].costs == [0.0001, 0.002, 0.03])
        #expect(table.rows[2].costs == [nil, 0.002, 0.03])
    }

    @Test func llmRouterEstimatesCostFromPrices() throws {
        let (table, _) = try OutcomeImporter.load(path: Self.fixture("llmrouter"), format: .llmrouter)
        #expect(table.models == ["alpha", "mid", "zeta"])
        #expect(table.rows.map(\.scores) == [[0, nil, 1], [0.5, 0, 1]])
        #expect(table.rows.allSatisfy { $0.source == "llmrouter" })
        // "What is 3 * 3?" is 14 characters: 3.5 prompt tokens plus 256 assumed answer tokens.
        let costs = try #require(table.rows[0].costs)
        #expect(costs[1] == nil)
        #expect(abs(try #require(costs[0]) - Float((3.5 * 0.2 + 256 * 0.4) / 1e6)) < 1e-10)
        #expect(abs(try #require(costs[2]) - Float((3.5 * 1.0 + 256 * 2.0) / 1e6)) < 1e-10)
    }

    @Test func llmRouterBadEntries() throws {
        let path = try Self.fixture("llmrouter_bad/train.json")
        let error = #expect(throws: DataFileError.self) { try LLMRouterImporter.load(path: path) }
        #expect(error?.description == "\(path): entry 1: score of 'a' is 2.0, outside [0, 1]")
        let (table, report) = try LLMRouterImporter.load(path: path, options: Self.skipping)
        #expect(table.rows.count == 1 && report.skippedRows == 2)
        #expect(table.rows[0].costs == nil)
    }

    @Test func errorsReadAsPathLineMessage() {
        #expect(DataFileError(path: "a.csv", line: 7, message: "bad").description == "a.csv:7: bad")
        #expect(DataFileError(path: "a.csv", message: "bad").description == "a.csv: bad")
    }

    @Test func skipMessagesAreCapped() throws {
        var text = "prompt,model,score\n"
        for i in 0..<30 { text += "p\(i),m,2\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("triage-cap-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (table, report) = try OutcomeCSVImporter.load(path: path, options: Self.skipping)
        #expect(table.rows.isEmpty && report.skippedRows == 30)
        #expect(report.messages.count == ImportReport.maxSkipMessages)
    }

    // MARK: Data/samples

    static func sample(_ name: String) throws -> String {
        let root = try #require(SharedDataLocator.packageRoot(above: #filePath))
        return root + "/Data/samples/" + name
    }

    @Test func samplesLoad() throws {
        let (outcomes, r1) = try OutcomeImporter.load(path: Self.sample("outcomes.csv"), format: .outcome)
        #expect(outcomes.models.count == 3 && outcomes.rows.count >= 12 && r1.skippedRows == 0)
        #expect(outcomes.rows.allSatisfy { $0.scores.allSatisfy { $0 != nil } })
        #expect(outcomes.rows.allSatisfy { $0.costs?.allSatisfy { $0 != nil } == true })
        let (pairs, r2) = try PreferenceImporter.load(path: Self.sample("pairwise.csv"), format: .pairwise)
        #expect(pairs.count >= 12 && r2.skippedRows == 0)
        let (arena, r3) = try PreferenceImporter.load(path: Self.sample("arena.csv"), format: .arena)
        #expect(arena.count >= 12 && r3.skippedRows == 0)
    }
}

/// The real data under `../shared/data`, checked against the numbers its README publishes.
@Suite(.enabled(
    if: SharedDataLocator.dataDirectory() != nil,
    "real data not found: set TRIAGE_DATA or place it at ../shared/data beside the package"))
struct RealDataImportTests {
    static func data(_ name: String) throws -> String {
        try #require(SharedDataLocator.dataDirectory()) + "/" + name
    }

    static func accuracy(_ table: OutcomeTable, _ model: String) throws -> Double {
        let m = try #require(table.modelIndex(model))
        return Double(table.rows.compactMap { $0.scores[m] }.reduce(0, +)) / Double(table.rows.count)
    }

    @Test func routeLLMMMLU() throws {
        let (table, report) = try RouteLLMImporter.load(path: Self.data("routellm-mmlu"))
        #expect(table.rows.count == 14_037)
        #expect(Set(table.rows.map(\.source)).count == 57)
        #expect(report.messages.last?.hasSuffix("dropped 5 rows whose prompt is listed as contaminated") == true)
        #expect(abs(try Self.accuracy(table, "mistralai/Mixtral-8x7B-Instruct-v0.1") - 0.6809) < 5e-5)
        #expect(abs(try Self.accuracy(table, "gpt-4-1106-preview") - 0.8059) < 5e-5)
    }

    @Test func routerBench() throws {
        let (table, report) = try RouterBenchImporter.load(path: Self.data("routerbench"))
        #expect(report.skippedRows == 0)
        #expect(table.models.count == 11)
        let counts = Dictionary(grouping: table.rows, by: \.source).mapValues(\.count)
        #expect(counts == ["arc-challenge": 1_039, "mbpp": 299, "winogrande": 887])
        #expect(table.rows.allSatisfy { $0.costs?.allSatisfy { $0 != nil } == true })
        #expect(table.rows.allSatisfy { $0.responses?.allSatisfy { $0 != nil } == true })
        // ARC has a few empty score cells; they must come through as nil, not 0.
        #expect(table.rows.reduce(0) { $0 + $1.scores.filter { $0 == nil }.count } == 92)
    }

    @Test func llmRouter() throws {
        let (table, _) = try LLMRouterImporter.load(path: Self.data("llmrouter"))
        #expect(table.rows.count == 5_608)
        #expect(table.models.count == 9)
        #expect(table.rows.allSatisfy { $0.costs?.allSatisfy { $0 != nil } == true })
    }
}
