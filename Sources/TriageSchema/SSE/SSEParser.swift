/// An incremental parser for `text/event-stream` (the WHATWG algorithm), fed byte chunks
/// split anywhere: inside a UTF-8 sequence, between `\r` and `\n`, or mid-field.
///
/// Lines end in CRLF, LF or CR; `:` lines are comments; `data:` lines join with `\n`; a blank
/// line dispatches. Text is decoded per complete line, so split UTF-8 sequences reassemble;
/// invalid UTF-8 becomes U+FFFD. Memory is bounded: once the bytes of one event pass
/// `maxEventBytes`, the parser throws and stays failed.
public struct SSEParser: Sendable {
    /// 1 MiB: far above any chunk a provider sends, far below what would hurt the gateway.
    public static let defaultMaxEventBytes = 1 << 20

    /// The largest event (all its lines' bytes) accepted.
    public let maxEventBytes: Int

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastEventID: String?
    private var retry: Int?
    private var eventBytes = 0
    private var skipLineFeed = false
    private var isFirstLine = true
    private var failure: SSEError?

    /// A parser that refuses events larger than `maxEventBytes`.
    public init(maxEventBytes: Int = SSEParser.defaultMaxEventBytes) {
        self.maxEventBytes = maxEventBytes
    }

    /// Consumes the next bytes of the stream and returns the events they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SSEError) -> [SSEEvent] {
        if let failure { throw failure }
        var events: [SSEEvent] = []
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            consume(buffer, into: &events)
        }
        if done == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0, into: &events) }
        }
        if let failure { throw failure }
        return events
    }

    /// Ends the stream. Leniently dispatches a last event that lacks its closing blank line
    /// (the spec drops it), so a `data: [DONE]` cut short by a closing server is still seen.
    public mutating func finish() throws(SSEError) -> [SSEEvent] {
        if let failure { throw failure }
        var events: [SSEEvent] = []
        if !line.isEmpty { processLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private mutating func consume(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var i = 0
        while i < buffer.count {
            if skipLineFeed {
                skipLineFeed = false
                if buffer[i] == Self.lf {
                    i += 1
                    continue
                }
            }
            var j = i
            while j < buffer.count, buffer[j] != Self.lf, buffer[j] != Self.cr { j += 1 }
            if j > i {
                eventBytes += j - i
                if eventBytes > maxEventBytes {
                    failure = .eventTooLarge(limit: maxEventBytes)
                    line = []
                    data = []
                    return
                }
                line.append(contentsOf: buffer[i..<j])
            }
            guard j < buffer.count else { return }
            skipLineFeed = buffer[j] == Self.cr
            i = j + 1
            processLine(into: &events)
        }
    }

    private mutating func processLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if isFirstLine {
            isFirstLine = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }  // a leading BOM
        }
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == UInt8(ascii: ":") { return }  // comment, often a keep-alive
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = line[..<colon]
        let value = line[valueStart...]
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(Self.lf) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            eventName = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if field.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        }
        // Other fields are ignored, as the spec requires.
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventName = nil
            retry = nil
            eventBytes = 0
        }
        guard hasData else { return }
        events.append(SSEEvent(
            event: eventName, data: String(decoding: data, as: UTF8.self), id: lastEventID, retry: retry))
    }
}
