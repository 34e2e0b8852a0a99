import Testing
import TriageCore

@Suite struct CSVReaderTests {
    static func records(_ text: String) throws -> [CSVRecord] {
        var reader = CSVReader(bytes: Array(text.utf8), path: "mem.csv")
        return try reader.readAll()
    }

    static func fields(_ text: String) throws -> [[String]] {
        try records(text).map(\.fields)
    }

    @Test func plainRowsWithLF() throws {
        #expect(try Self.fields("a,b\n1,2\n") == [["a", "b"], ["1", "2"]])
    }

    @Test func crlfLineEnds() throws {
        let records = try Self.records("a,b\r\n1,2\r\n3,4\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func missingFinalNewline() throws {
        #expect(try Self.fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try Self.fields("a,\"b\"") == [["a", "b"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let records = try Self.records("\u{FEFF}prompt,model\nx,y\n")
        #expect(records[0].fields == ["prompt", "model"])
    }

    @Test func emptyCells() throws {
        #expect(try Self.fields(",a,,\n\"\",,\"\"\n") == [["", "a", "", ""], ["", "", ""]])
    }

    @Test func quotedNewlinesKeepLineNumbers() throws {
        let records = try Self.records("h1,h2\n\"line one\nline two\",x\r\n\"a\r\nb\",y\nlast,z\n")
        #expect(records.map(\.fields) == [["h1", "h2"], ["line one\nline two", "x"], ["a\r\nb", "y"], ["last", "z"]])
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test func doubledQuotes() throws {
        #expect(try Self.fields("\"say \"\"hi\"\"\",\"\"\"\"\n") == [["say \"hi\"", "\""]])
    }

    @Test func quotesInsideUnquotedFieldAreKept() throws {
        #expect(try Self.fields("5\" screen,b\n") == [["5\" screen", "b"]])
    }

    @Test func blankLinesAreSkipped() throws {
        let records = try Self.records("a\n\n\nb\n\n")
        #expect(records.map(\.fields) == [["a"], ["b"]])
        #expect(records.map(\.line) == [1, 4])
    }

    @Test func multiByteUTF8() throws {
        #expect(try Self.fields("é,\"日本, 語\",🙂\n") == [["é", "日本, 語", "🙂"]])
    }

    @Test func raggedRowsAreReturnedWithTheirLine() throws {
        let records = try Self.records("a,b,c\n1,2,3\n\"x\ny\",2\n4,5,6,7\n")
        #expect(records.map(\.fields.count) == [3, 3, 2, 4])
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheFieldBegan() throws {
        let error = #expect(throws: DataFileError.self) {
            try Self.records("a,b\n1,2\n3,\"never\nclosed\n")
        }
        #expect(error?.line == 3)
        #expect(error?.description == "mem.csv:3: unterminated quoted field")
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        let error = #expect(throws: DataFileError.self) { try Self.records("a\n\"x\"y,b\n") }
        #expect(error?.line == 2)
    }

    @Test func missingFileNamesThePath() throws {
        let error = #expect(throws: DataFileError.self) { _ = try CSVReader(path: "/nonexistent/file.csv") }
        #expect(error?.description == "/nonexistent/file.csv: no such file")
    }

    @Test func streamsOneRecordAtATime() throws {
        var reader = CSVReader(bytes: Array("a\nb\n".utf8))
        #expect(try reader.next()?.fields == ["a"])
        #expect(try reader.next()?.fields == ["b"])
        #expect(try reader.next() == nil)
    }
}
