extension ChatCompletionRequest {
    /// The body to send an OpenAI-compatible upstream: the client's object with `model`
    /// replaced, the gateway's own fields removed, and every other field untouched, in the
    /// client's key order.
    ///
    /// - `stream`: nil keeps the client's choice; a value overrides it.
    /// - `includeUsage`: for streaming requests, sets `stream_options.include_usage` (other
    ///   `stream_options` members are kept). Pass `true` to always get usage for billing, and
    ///   drop the final usage chunk when the client's own `includeUsage` is false.
    /// Non-streaming requests lose `stream_options`, which OpenAI rejects without `stream`.
    public func upstreamBody(model: String, stream: Bool? = nil, includeUsage: Bool? = nil) -> JSONObject {
        var out = body
        out["model"] = .string(model)
        for field in Self.gatewayOnlyFields { out.removeValue(forKey: field) }
        if let stream { out["stream"] = .bool(stream) }
        let streaming = stream ?? self.stream
        if !streaming {
            out.removeValue(forKey: "stream_options")
        } else if let includeUsage {
            var options = out["stream_options"]?.objectValue ?? JSONObject()
            options["include_usage"] = .bool(includeUsage)
            out["stream_options"] = .object(options)
        }
        return out
    }

    /// `upstreamBody` as compact JSON bytes.
    public func upstreamBodyBytes(model: String, stream: Bool? = nil, includeUsage: Bool? = nil) -> [UInt8] {
        JSONValue.object(upstreamBody(model: model, stream: stream, includeUsage: includeUsage)).serialized()
    }
}
