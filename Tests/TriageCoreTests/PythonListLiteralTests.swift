import Testing
import TriageCore

@Suite struct PythonListLiteralTests {
    @Test func quotesAndEscapes() throws {
        #expect(try PythonListLiteral.parse(#"['a', "b\n", 'it\'s']"#) == ["a", "b\n", "it's"])
    }

    @Test func emptyListAndSpacing() throws {
        #expect(try PythonListLiteral.parse("[]") == [])
        #expect(try PythonListLiteral.parse("  [ 'x' ,\n 'y' , ]  ") == ["x", "y"])
    }

    @Test func allEscapes() throws {
        let parsed = try PythonListLiteral.parse(#"['\t\\\"\'\r\a\b\f\v', '\x41\u00e9\U0001F642', '\101\0', 'a\"# + "\n" + #"b']"#)
        #expect(parsed == ["\t\\\"'\r\u{07}\u{08}\u{0C}\u{0B}", "Aé🙂", "A\u{0}", "ab"])
    }

    @Test func unknownEscapeKeepsBackslash() throws {
        #expect(try PythonListLiteral.parse(#"['\d+ and \w']"#) == [#"\d+ and \w"#])
    }

    @Test func otherQuoteInsideString() throws {
        #expect(try PythonListLiteral.parse(#"["it's", 'say "hi"']"#) == ["it's", "say \"hi\""])
    }

    @Test func rawAndUnicodePrefixes() throws {
        #expect(try PythonListLiteral.parse(#"[r'\n', u'x']"#) == [#"\n"#, "x"])
    }

    @Test func nonASCIIPassesThrough() throws {
        #expect(try PythonListLiteral.parse("['日本語 🙂']") == ["日本語 🙂"])
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try PythonListLiteral.parse(#"['\ud800']"#) == ["\u{FFFD}"])
    }

    @Test(arguments: [
        "", "'a'", "['a'", "['a' 'b']", "['a',, 'b']", "[1, 2]", "['a'] x", "['unterminated]", #"['\x4']"#,
    ])
    func malformedInputThrows(_ text: String) {
        #expect(throws: PythonListLiteral.ParseError.self) { try PythonListLiteral.parse(text) }
    }
}
