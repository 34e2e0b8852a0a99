/// Writes server-sent events as bytes ready for the response body.
public enum SSEWriter {
    /// `data: [DONE]\n\n`, OpenAI's end-of-stream marker.
    public static let done: [UInt8] = Array("data: [DONE]\n\n".utf8)

    /// `data: <payload>\n\n`; a payload with line breaks becomes several `data:` lines.
    public static func data(_ payload: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 8)
        appendData(payload, to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// `data: <compact JSON>\n\n` for a chunk, an error body or any wire value.
    public static func data(_ value: some WireEncodable) -> [UInt8] {
        data(value.jsonBytes())
    }

    /// A full event with its optional `event:`, `id:` and `retry:` fields.
    public static func event(_ event: SSEEvent) -> [UInt8] {
        var out: [UInt8] = []
        if let name = event.event { out.append(contentsOf: "event: \(name)\n".utf8) }
        if let id = event.id { out.append(contentsOf: "id: \(id)\n".utf8) }
        if let retry = event.retry { out.append(contentsOf: "retry: \(retry)\n".utf8) }
        appendData(Array(event.data.utf8), to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// A comment line (`: text`), which clients ignore; useful as a keep-alive.
    public static func comment(_ text: String) -> [UInt8] {
        Array(": \(text)\n\n".utf8)
    }

    /// Appends one `data:` line per line of `payload` (CRLF, LF and CR all break lines).
    private static func appendData(_ payload: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: "data: ".utf8)
        var previousWasCR = false
        for b in payload {
            switch b {
            case UInt8(ascii: "\r"):
                out.append(contentsOf: "\ndata: ".utf8)
                previousWasCR = true
                continue
            case UInt8(ascii: "\n"):
                if !previousWasCR { out.append(contentsOf: "\ndata: ".utf8) }
            default:
                out.append(b)
            }
            previousWasCR = false
        }
        out.append(UInt8(ascii: "\n"))
    }
}
