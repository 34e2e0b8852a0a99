import Testing

@testable import TriageSchema

/// Seeded mutations of the recorded fixtures: nothing may crash, and whatever parses must
/// survive a serialize–parse round trip unchanged. A cheap stand-in until a real fuzzer runs.
@Suite struct WireFuzzTests {
    private static let fixtures = [
        "openai_request_tools.json", "anthropic_message_tool_use.json", "anthropic_request_expected.json",
        "anthropic_stream_tool_use.sse", "anthropic_stream_error.sse",
    ]

    private static let structural = Array("{}[]\",:\\0-e.\r\n".utf8)

    private func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int(rng.next() % 4 + 1) where !bytes.isEmpty {
            let i = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 5 {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.remove(at: i)
            case 2: bytes.insert(Self.structural[Int(rng.next() % UInt64(Self.structural.count))], at: i)
            case 3: bytes.removeSubrange(i...)
            default: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 16)], at: i)
            }
        }
        return bytes
    }

    @Test(arguments: 0..<5) func mutatedInputsNeverCrash(fixture: Int) throws {
        let original = try WireFixture.bytes(Self.fixtures[fixture])
        var rng = SplitMix(seed: UInt64(fixture) * 7919 + 1)
        for _ in 0..<400 {
            let bytes = mutate(original, &rng)
            if let v = try? JSONValue(parsing: bytes) {
                #expect(try JSONValue(parsing: v.serialized()) == v)
                if let r = try? ChatCompletionRequest(json: v) {
                    _ = try? AnthropicRequestTranslator().body(for: r, model: "c")
                    _ = r.upstreamBodyBytes(model: "u", includeUsage: true)
                    _ = r.estimatedPromptTokens
                }
                _ = try? ChatCompletion(anthropic: v, created: 0)
            }
            _ = Usage.scan(bytes)
            var parser = SSEParser(maxEventBytes: 4096)
            var translator = AnthropicStreamTranslator(created: 0, includeUsage: true)
            let events = ((try? parser.feed(bytes)) ?? []) + ((try? parser.finish()) ?? [])
            for event in events { _ = try? translator.translate(event) }
        }
    }
}
