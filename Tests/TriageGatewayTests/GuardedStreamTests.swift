import Testing
import TriageSchema
@testable import TriageGateway

/// How a checked stream holds chunks back: released once their text is checked, never the
/// one completing a match.
@Suite struct GuardedStreamTests {
    static func chunk(_ text: String, finish: FinishReason? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(id: "c", created: 1, model: "m", choices: [.init(delta: .init(content: text), finishReason: finish)])
    }

    static let chain = GuardrailChain([.init(settings: GuardrailSettings(responseBlocklist: ["falcon"]), scope: "")])

    @Test func chunksWaitForACheckAndAreReleasedInOrder() throws {
        var stream = GuardedStream(Self.chain)
        let short = String(repeating: "a ", count: 10)
        #expect(try stream.admit(Self.chunk(short)).isEmpty, "20 bytes wait for more text")
        #expect(try stream.admit(Self.chunk(short)).isEmpty)
        let released = try stream.admit(Self.chunk(String(repeating: "b ", count: 20)))
        #expect(released.map { $0.choices[0].delta.content ?? "" } == [short, short, String(repeating: "b ", count: 20)])
        #expect(try stream.admit(Self.chunk("end", finish: .stop)).count == 1, "a finishing chunk is a checkpoint")
    }

    @Test func theChunkCompletingAMatchIsNeverReleased() throws {
        var stream = GuardedStream(Self.chain)
        var sent: [String] = []
        let parts = [String(repeating: "x ", count: 40), "project fal", "con is go", "ne"]
        do {
            for part in parts {
                sent += try stream.admit(Self.chunk(part)).compactMap { $0.choices[0].delta.content }
            }
            sent += try stream.drain().compactMap { $0.choices[0].delta.content }
            Issue.record("the blocklisted word was let through")
        } catch {
            #expect(error.rule.name == "response_blocklist")
        }
        #expect(sent == [parts[0]])
    }

    @Test func withoutAnswerRulesEveryChunkPassesAtOnce() throws {
        var stream = GuardedStream(GuardrailChain([]))
        #expect(try stream.admit(Self.chunk("hi")).count == 1)
    }
}
