import Testing

@testable import TriageSchema

@Suite struct SSEParserTests {
    /// A stream exercising every rule: named events, multi-line data, ids, retry, comments,
    /// all three line endings, a field without a colon, multi-byte UTF-8, and `[DONE]`.
    private let stream = Array((
        "\u{FEFF}: keep-alive comment\r\n"
            + "event: message_start\r\ndata: {\"a\":\"héllo 😀\"}\r\n\r\n"
            + "id: 7\nretry: 1500\ndata: line one\ndata:line two\ndata\n\n"
            + "event: ignored-without-data\n\n"
            + "data: cr only\r\rdata: [DONE]\n\n"
    ).utf8)

    private let expected = [
        SSEEvent(event: "message_start", data: "{\"a\":\"héllo 😀\"}"),
        SSEEvent(data: "line one\nline two\n", id: "7", retry: 1500),
        SSEEvent(data: "cr only", id: "7"),
        SSEEvent(data: "[DONE]", id: "7"),
    ]

    private func parseAll(_ chunks: [ArraySlice<UInt8>], limit: Int = SSEParser.defaultMaxEventBytes) throws -> [SSEEvent] {
        var parser = SSEParser(maxEventBytes: limit)
        var events: [SSEEvent] = []
        for chunk in chunks { events += try parser.feed(chunk) }
        return events + (try parser.finish())
    }

    @Test func wholeStream() throws {
        #expect(try parseAll([stream[...]]) == expected)
        #expect(expected.last?.isDone == true)
    }

    @Test func byteByByte() throws {
        #expect(try parseAll(stream.indices.map { stream[$0...$0] }) == expected)
    }

    @Test(arguments: 1...25) func randomSplits(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        var chunks: [ArraySlice<UInt8>] = []
        var i = 0
        while i < stream.count {
            let n = Int(rng.next() % 12) + 1
            chunks.append(stream[i..<min(i + n, stream.count)])
            i += n
        }
        #expect(try parseAll(chunks) == expected)
    }

    @Test func splitBetweenCRAndLFIsOneLineEnd() throws {
        let bytes = Array("data: a\r\n\r\ndata: b\r\n\r\n".utf8)
        let chunks = [bytes[0..<8], bytes[8..<10], bytes[10...]]  // "data: a\r" | "\n\r" | "\n..."
        #expect(try parseAll(chunks) == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test func finishFlushesAnUnterminatedEvent() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: [DONE]".utf8)).isEmpty)
        #expect(try parser.finish() == [SSEEvent(data: "[DONE]")])
    }

    @Test func oversizedEventFailsAndStaysFailed() throws {
        var parser = SSEParser(maxEventBytes: 64)
        #expect(try parser.feed(Array("data: small\n\n".utf8)) == [SSEEvent(data: "small")])
        let big = Array(("data: " + String(repeating: "x", count: 40) + "\n").utf8)
        _ = try parser.feed(big)
        #expect(throws: SSEError.eventTooLarge(limit: 64)) { try parser.feed(big) }
        #expect(throws: SSEError.eventTooLarge(limit: 64)) { try parser.feed(Array("\n".utf8)) }
    }

    @Test func limitCountsTheWholeEventNotOneChunk() throws {
        // Many small lines that never end the event must still hit the limit.
        var parser = SSEParser(maxEventBytes: 1000)
        #expect(throws: SSEError.self) {
            for _ in 0..<200 { _ = try parser.feed(Array("data: abcdefgh\n".utf8)) }
        }
        // Blank lines reset the count.
        var ok = SSEParser(maxEventBytes: 1000)
        for _ in 0..<200 { _ = try ok.feed(Array("data: abcdefgh\n\n".utf8)) }
    }

    @Test func writerOutputParsesBack() throws {
        let chunk = ChatCompletionChunk(id: "c", created: 1, model: "m", choices: [.init(delta: .init(content: "a\nb"))])
        var out = SSEWriter.data(chunk) + SSEWriter.comment("ping") + SSEWriter.done
        out += SSEWriter.event(SSEEvent(event: "x", data: "two\nlines\r\nthree", id: "9"))
        #expect(String(decoding: SSEWriter.done, as: UTF8.self) == "data: [DONE]\n\n")
        #expect(String(decoding: SSEWriter.data(Array("{}".utf8)), as: UTF8.self) == "data: {}\n\n")
        let events = try parseAll([out[...]])
        #expect(events.count == 3)
        #expect(try JSONValue(parsing: events[0].data) == chunk.jsonValue)
        #expect(events[1].isDone)
        #expect(events[2] == SSEEvent(event: "x", data: "two\nlines\nthree", id: "9"))
    }
}

/// A tiny seeded generator so split points are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
