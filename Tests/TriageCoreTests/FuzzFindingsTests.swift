import Testing
@testable import TriageCore

/// What `Scripts/fuzz` found in the training-data importers (the csv target), each kept as the
/// input, shrunk to its point, that once exhausted memory or took quadratic time.
@Suite("Fuzzing findings: training data")
struct FuzzFindingsTests {
    static func reader(_ text: String) -> CSVReader {
        CSVReader(bytes: Array(text.utf8), path: "fuzz.csv")
    }

    @Test("an outcome file whose model column is really an id stops at the 1,025th model, not after gigabytes")
    func tooManyModels() throws {
        // Every row a new prompt and a new model: a dense table of rows × models, 1 MB of such
        // rows needed more than 8 GB.
        let rows = (0...OutcomeTable.maxModels).map { "p\($0),m\($0),1\n" }.joined()
        let error = #expect(throws: DataFileError.self) {
            try OutcomeCSVImporter.load(Self.reader("prompt,model,score\n" + rows))
        }
        #expect(error?.description == "fuzz.csv:1026: model 'm1024' would be distinct model number 1025, over the limit of 1024; is 'model' the column of model names?")

        let (table, report) = try OutcomeCSVImporter.load(
            Self.reader("prompt,model,score\n" + rows + "p0,m0,0.5\n"), options: ImportOptions(skipBadRows: true))
        #expect(table.models.count == OutcomeTable.maxModels)
        #expect(table.rows.count == OutcomeTable.maxModels)
        #expect(report.skippedRows == 2)  // the 1,025th model, then p0's second score for m0
    }

    @Test("a RouterBench header of 50,000 model columns is aligned in linear time", .timeLimit(.minutes(1)))
    func wideHeader() throws {
        let models = (0..<50_000).map { "m\($0)" }
        let text = "prompt," + models.joined(separator: ",") + "\n\"['q']\"" + String(repeating: ",1", count: models.count) + "\n"
        let (table, report) = try RouterBenchImporter.load(Self.reader(text))
        #expect(report == ImportReport())
        #expect(table.models == models)
        #expect(table.rows.map(\.prompt) == ["q"])
        #expect(table.rows[0].scores.allSatisfy { $0 == 1 })
    }

    @Test("aligning keeps each model's first position and pads existing rows")
    func alignModels() {
        var table = OutcomeTable(models: ["a", "b"], rows: [OutcomeRow(prompt: "p", scores: [1, 0], costs: [0.1, 0.2])])
        #expect(table.alignModels(["b", "c", "a", "c", "d"]) == [1, 2, 0, 2, 3])
        #expect(table.models == ["a", "b", "c", "d"])
        #expect(table.rows[0].scores == [1, 0, nil, nil])
        #expect(table.rows[0].costs == [0.1, 0.2, nil, nil])
        #expect(table.rows[0].responses == nil)
    }
}
