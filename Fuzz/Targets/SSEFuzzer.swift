import Foundation
import TriageSchema

/// Upstream event streams, as the gateway reads them: the SSE parser fed the bytes in the
/// pieces the network happened to deliver, then each event through what the OpenAI-compatible
/// and Anthropic providers do with it (usage scan, error detection, chunk decoding, the
/// Anthropic translator), and the chunks written back out as the client's stream.
///
/// Invariants: where the stream is cut makes no difference to the events; every event the
/// parser yields survives `SSEWriter` and a second parse unchanged; a decoded chunk survives
/// its own encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let plan = ChunkPlan(UnsafeBufferPointer(start: data, count: size))
    // A small limit, so the size guard is reached by inputs libFuzzer can make.
    let limit = 2_048
    let whole = events(of: [plan.payload], limit: limit)
    let pieces = events(of: plan.chunks, limit: limit)
    switch (whole, pieces) {
    case let (.success(a), .success(b)):
        check(a == b, "the events depend on where the stream was cut")
        for event in a { follow(event) }
        checkWriterRoundTrip(a)
        translateAnthropic(a)
    case (.failure, .failure):
        break
    default:
        check(false, "the size limit depends on where the stream was cut")
    }
    return 0
}

private func events(of chunks: [UnsafeBufferPointer<UInt8>], limit: Int) -> Result<[SSEEvent], SSEError> {
    var parser = SSEParser(maxEventBytes: limit)
    var out: [SSEEvent] = []
    do throws(SSEError) {
        for chunk in chunks { out += try parser.feed(chunk) }
        out += try parser.finish()
        return .success(out)
    } catch {
        check(!error.description.isEmpty, "an SSE error must say why")
        return .failure(error)
    }
}

/// `OpenAICompatibleProvider.chunk(_:)` and the billing scan, on one event's data.
private func follow(_ event: SSEEvent) {
    if event.isDone { return }
    let bytes = Array(event.data.utf8)
    _ = Usage.scan(bytes)
    _ = JSONValue.topLevelMember("error", in: bytes)
    guard let chunk = try? JSONDecoder().decode(ChatCompletionChunk.self, from: Data(bytes)) else { return }
    let written = SSEWriter.data(chunk)
    var parser = SSEParser()
    let reread = ((try? parser.feed(written)) ?? []) + ((try? parser.finish()) ?? [])
    check(reread.count == 1, "a written chunk is not one event")
    let decoded = try? JSONDecoder().decode(ChatCompletionChunk.self, from: Data(reread.first?.data.utf8 ?? "".utf8))
    check(decoded == chunk, "a chunk changed through its own encoding")
}

/// Every parsed event written back out and parsed again is the same event.
private func checkWriterRoundTrip(_ events: [SSEEvent]) {
    var parser = SSEParser()
    var reread: [SSEEvent] = []
    for event in events {
        // `id` persists across events; write it for every event so each reads back alone.
        reread += (try? parser.feed(SSEWriter.event(event))) ?? []
    }
    reread += (try? parser.finish()) ?? []
    check(reread == events, "SSEWriter output parses to different events")
}

private func translateAnthropic(_ events: [SSEEvent]) {
    var translator = AnthropicStreamTranslator(created: 0, includeUsage: true)
    for event in events {
        guard let chunks = try? translator.translate(event) else { return }
        for chunk in chunks { _ = SSEWriter.data(chunk) }
        if translator.isComplete { break }
    }
    _ = translator.usage
    _ = try? translator.finish()
}
