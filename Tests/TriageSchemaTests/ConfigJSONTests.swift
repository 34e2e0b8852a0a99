import Foundation
import Testing
@testable import TriageSchema

@Suite("Config JSON reader and writer")
struct ConfigJSONTests {
    @Test("keys keep their order; booleans stay booleans; escapes decode")
    func parsing() throws {
        let tree = try ConfigTree(json: Data(#"""
        {"z": 1, "a": [true, false, null], "s": "tab\tquote\" slash\/ \u00e9 \ud83d\ude00", "n": -1.5e2}
        """#.utf8))
        #expect(tree.members?.map(\.key) == ["z", "a", "s", "n"])
        #expect(tree["a"] == [true, false, nil])
        #expect(tree["s"] == "tab\tquote\" slash/ é 😀")
        #expect(tree["n"] == -150)
    }

    @Test("a byte-order mark is skipped and does not shift columns")
    func byteOrderMark() {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("{x}".utf8))
        #expect(throws: ConfigError([ConfigIssue(.syntax(line: 1, column: 2), at: .root,
                                                 "unexpected 'x'; expected a key in double quotes")])) {
            try ConfigTree(json: data)
        }
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() {
        #expect(ConfigFixtures.issues(json: "{\"ä\": ?}") == ["line 1, column 7: unexpected '?'; expected a value"])
    }

    @Test("very deep nesting is refused, not a crash")
    func depthLimit() {
        let json = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(ConfigFixtures.issues(json: json).first?.hasSuffix("nesting deeper than 128 levels") == true)
    }

    @Test("unpaired surrogates are refused")
    func surrogates() {
        #expect(ConfigFixtures.issues(json: #"{"a": "\ud800x"}"#) == [#"line 1, column 8: unpaired surrogate in \u escape"#])
    }

    @Test("writer: integers without a point, short arrays inline, strings escaped, output parses back")
    func writing() throws {
        let tree: ConfigTree = [
            "i": 3, "x": 0.15, "big": 1e20, "tiny": 2.5e-7, "s": "a\"b\\c\n\u{01}",
            "list": ["a", "b"], "empty": [], "objects": [["k": 1]], "none": nil, "obj": [:],
        ]
        let text = String(decoding: tree.jsonData(), as: UTF8.self)
        #expect(text.contains("\"i\": 3,"))
        #expect(text.contains("\"x\": 0.15,"))
        #expect(text.contains("\"list\": [\"a\", \"b\"],"))
        #expect(text.contains("\"empty\": [],"))
        #expect(text.contains(#""s": "a\"b\\c\n\u0001","#))
        #expect(text.contains("\"obj\": {}\n"))
        #expect(try ConfigTree(json: tree.jsonData()) == tree)
    }

    @Test("paths print the way people point at JSON")
    func paths() {
        let path = ConfigPath.root / "model_groups" / 1 / "deployments" / 0 / "timeouts" / "ttft_ms"
        #expect(path.description == "model_groups[1].deployments[0].timeouts.ttft_ms")
        #expect(path == "model_groups[1].deployments[0].timeouts.ttft_ms")
        #expect((ConfigPath.root / "fallbacks" / "gpt-4o.eu").description == "fallbacks[\"gpt-4o.eu\"]")
        #expect(ConfigPath.root.description == "")
    }

    @Test("typo suggestions: edits, transpositions and camelCase")
    func suggestions() {
        let keys = ["deployments", "max_retries", "host", "port"]
        #expect(KeySuggestion.closest(to: "deploymnts", among: keys) == "deployments")
        #expect(KeySuggestion.closest(to: "deplyoments", among: keys) == "deployments")
        #expect(KeySuggestion.closest(to: "maxRetries", among: keys) == "max_retries")
        #expect(KeySuggestion.closest(to: "max-retries", among: keys) == "max_retries")
        #expect(KeySuggestion.closest(to: "hots", among: keys) == "host")
        #expect(KeySuggestion.closest(to: "routers", among: keys) == nil)
    }
}
