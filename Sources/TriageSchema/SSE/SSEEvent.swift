/// One dispatched server-sent event.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` name; nil for unnamed events (the spec's default type, `message`).
    public var event: String?
    /// The `data:` lines joined by `\n`.
    public var data: String
    /// The last `id:` seen in the stream so far (it persists across events, per the spec).
    public var id: String?
    /// A `retry:` reconnection time in milliseconds given in this event.
    public var retry: Int?

    /// An event.
    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }

    /// Whether this is OpenAI's end-of-stream marker, `data: [DONE]`.
    public var isDone: Bool { data == "[DONE]" }
}
