import Foundation
import Testing

@testable import TriageSchema

@Suite struct WireJSONTests {
    private func roundTrip(_ text: String) throws -> String {
        try JSONValue(parsing: text).jsonString
    }

    @Test func keepsKeyOrderAndExactIntegers() throws {
        let text = #"{"z":1,"a":{"y":[1,2.5,-3,1e-07,12345678901234567],"b":null},"m":true,"k":"v"}"#
        #expect(try roundTrip(text) == text)
        let v = try JSONValue(parsing: text)
        #expect(v.objectValue?.keys == ["z", "a", "m", "k"])
        #expect(v["a"]?["y"]?[4] == .integer(12_345_678_901_234_567))
    }

    @Test func numbersRoundTripFaithfully() throws {
        #expect(try roundTrip("[0,-0,1.0,0.1,1e20,1E+2,-1.5e-10,9223372036854775807,-9223372036854775808]")
            == "[0,0,1.0,0.1,1e+20,100.0,-1.5e-10,9223372036854775807,-9223372036854775808]")
        // Beyond 64 bits an integer becomes a Double.
        #expect(try JSONValue(parsing: "9223372036854775808") == .number(9_223_372_036_854_775_808))
        for d in [0.1, 1.0 / 3.0, 6.02214076e23, 5e-324, Double.greatestFiniteMagnitude] {
            let back = try JSONValue(parsing: JSONValue.number(d).serialized())
            #expect(back == .number(d))
        }
    }

    @Test func stringsEscapeAndUnescape() throws {
        let v = try JSONValue(parsing: #""a\"b\\c\/d\n\t\r\b\f\u00e9\ud83d\ude00\u0001 é😀""#)
        #expect(v == .string("a\"b\\c/d\n\t\r\u{8}\u{C}é😀\u{1} é😀"))
        #expect(v.jsonString == #""a\"b\\c/d\n\t\r\u0008\u000cé😀\u0001 é😀""#)
        // A lone surrogate cannot live in a Swift string; it becomes U+FFFD.
        #expect(try JSONValue(parsing: #""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", "tru", "nul", "\"abc", "\"\u{1}\"",
        "{\"a\" 1}", "{1:2}", "[1 2]", "1 2", "\"\\x\"", "\"\\u12G4\"", "1e400", "NaN", "[1]]",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22] as [UInt8]) }
    }

    @Test func errorsSayWhere() {
        #expect(throws: JSONParseError(offset: 7, reason: "expected ',' or '}'")) {
            try JSONValue(parsing: #"{"a":1 "b":2}"#)
        }
    }

    @Test func boundsNestingDepth() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: ok)
    }

    @Test func duplicateKeysKeepLastValueAtFirstPosition() throws {
        let v = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(v.jsonString == #"{"a":3,"b":2}"#)
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":[2]}"#) == JSONValue(parsing: #"{"b":[2],"a":1}"#))
        var o: JSONObject = ["a": 1, "b": 2, "c": 3]
        o["b"] = nil
        o["d"] = 4
        o["a"] = 5
        #expect(JSONValue.object(o).jsonString == #"{"a":5,"c":3,"d":4}"#)
    }

    @Test func topLevelMemberSkipsTheRest() {
        let body = Array(#"{"choices":[{"delta":{"content":"}\"{"}}],"x":{"y":[1,{"z":null}]},"usage":{"prompt_tokens":3}}"#.utf8)
        #expect(JSONValue.topLevelMember("usage", in: body) == ["prompt_tokens": 3])
        #expect(JSONValue.topLevelMember("missing", in: body) == nil)
        #expect(JSONValue.topLevelMember("usage", in: Array("[1]".utf8)) == nil)
        #expect(JSONValue.topLevelMember("usage", in: Array(#"{"a":[1,"#.utf8)) == nil)
    }

    @Test func selectedMembersValidateTheWholeObject() throws {
        let body = Array(#"{"choices":[{"message":{"content":"}\"{"}}],"x":{"y":[1,{"z":null}]},"usage":{"prompt_tokens":3}}"#.utf8)
        let found = try JSONValue.selectedMembers(["usage", "missing", "choices"], in: body)
        #expect(found[0] == ["prompt_tokens": 3])
        #expect(found[1] == nil)
        #expect(found[2]?.arrayValue?.count == 1)
        #expect(try JSONValue.selectedMembers(["a"], in: Array("{}".utf8)) == [nil])
        // Truncated after the wanted member, trailing garbage, or not an object: all rejected.
        #expect(throws: JSONParseError.self) { try JSONValue.selectedMembers(["usage"], in: body.dropLast()) }
        #expect(throws: JSONParseError.self) { try JSONValue.selectedMembers(["usage"], in: body + Array(" x".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.selectedMembers(["usage"], in: Array("[1]".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.selectedMembers(["usage"], in: Array(#"{"usage":1,}"#.utf8)) }
    }

    @Test func encoderKeepsDeclarationOrder() throws {
        struct Inner: Encodable { var b = 1.5; var a: [Int?] = [1, nil]; var f: Float = 0.1 }
        struct Outer: Encodable { var z = "z"; var inner = Inner(); var raw: JSONValue = ["y": 1, "x": 2]; var none: String? = nil }
        #expect(try JSONValue(encoding: Outer()).jsonString == #"{"z":"z","inner":{"b":1.5,"a":[1,null],"f":0.1},"raw":{"y":1,"x":2}}"#)
    }

    @Test func codableRoundTripThroughFoundation() throws {
        let v: JSONValue = ["a": [1, 2.5, "s", true, nil], "b": ["c": -7]]
        let data = try JSONEncoder().encode(v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == v)
        #expect(try JSONValue(parsing: data) == v)
    }
}
