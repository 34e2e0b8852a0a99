/// OpenAI messages regrouped the way the Messages API wants them: instructions in one
/// `system` string, then alternating user and assistant messages made of content blocks.
struct AnthropicConversation {
    private(set) var system = ""
    private var turns: [(role: String, blocks: [JSONValue])] = []

    /// The `messages` array.
    var messages: [JSONValue] {
        turns.map { ["role": .string($0.role), "content": .array($0.blocks)] }
    }

    init(_ messages: [ChatMessage]) throws(RequestValidationError) {
        var instructions: [String] = []
        for (k, m) in messages.enumerated() {
            let path = "messages[\(k)]"
            switch m.role {
            case .system, .developer:
                let text = m.text
                if !text.isEmpty { instructions.append(text) }
            case .user:
                append("user", try Self.blocks(m.content, path: "\(path).content"))
            case .assistant:
                var blocks = try Self.blocks(m.content, path: "\(path).content")
                for (j, call) in m.toolCalls.enumerated() {
                    blocks.append(try Self.toolUse(call, path: "\(path).tool_calls[\(j)].function.arguments"))
                }
                append("assistant", blocks)
            case .tool:
                var result: JSONObject = ["type": "tool_result", "tool_use_id": .string(m.toolCallID ?? "")]
                let content = try Self.blocks(m.content, path: "\(path).content")
                if !content.isEmpty { result["content"] = .array(content) }
                append("user", [.object(result)])
            }
        }
        system = instructions.joined(separator: "\n\n")
        guard !turns.isEmpty else {
            throw .invalidValue("messages", "Anthropic models need at least one user or assistant message")
        }
    }

    /// Adds blocks to the conversation, merging into the previous message of the same role.
    private mutating func append(_ role: String, _ blocks: [JSONValue]) {
        // Anthropic rejects messages without content, so an empty one is dropped.
        guard !blocks.isEmpty else { return }
        if let last = turns.indices.last, turns[last].role == role {
            turns[last].blocks.append(contentsOf: blocks)
        } else {
            turns.append((role, blocks))
        }
    }

    /// Content blocks for OpenAI content; empty text is left out because Anthropic rejects it.
    private static func blocks(_ content: MessageContent?, path: String) throws(RequestValidationError) -> [JSONValue] {
        switch content {
        case nil: return []
        case .text(let s)?: return s.isEmpty ? [] : [["type": "text", "text": .string(s)]]
        case .parts(let parts)?:
            var out: [JSONValue] = []
            for (k, part) in parts.enumerated() {
                switch part {
                case .text(let s):
                    if !s.isEmpty { out.append(["type": "text", "text": .string(s)]) }
                case .imageURL(let url, _):
                    out.append(try image(url, path: "\(path)[\(k)].image_url.url"))
                case .other("refusal", let raw):
                    if let s = raw["refusal"]?.stringValue, !s.isEmpty { out.append(["type": "text", "text": .string(s)]) }
                case .other(let type, _):
                    throw .invalidValue("\(path)[\(k)].type", "'\(type)' content parts are not supported by Anthropic models")
                }
            }
            return out
        }
    }

    /// An image block: base64 from a `data:` URL, otherwise Anthropic fetches the URL itself.
    private static func image(_ url: String, path: String) throws(RequestValidationError) -> JSONValue {
        guard url.hasPrefix("data:") else {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw .invalidValue(path, "must be an http(s) URL or a base64 data: URL")
            }
            return ["type": "image", "source": ["type": "url", "url": .string(url)]]
        }
        // data:<media type>;base64,<data>
        guard let comma = url.firstIndex(of: ","),
              url[..<comma].hasSuffix(";base64")
        else { throw .invalidValue(path, "a data: URL must be base64-encoded (data:<media type>;base64,<data>)") }
        let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
        return [
            "type": "image",
            "source": [
                "type": "base64", "media_type": .string(String(mediaType)),
                "data": .string(String(url[url.index(after: comma)...])),
            ],
        ]
    }

    private static func toolUse(_ call: ToolCall, path: String) throws(RequestValidationError) -> JSONValue {
        let input: JSONValue
        if call.function.arguments.allSatisfy(\.isWhitespace) {
            input = .object(JSONObject())
        } else if let parsed = try? JSONValue(parsing: call.function.arguments), parsed.objectValue != nil {
            input = parsed
        } else {
            throw .invalidValue(path, "must be a JSON object encoded as a string to be sent to Anthropic models")
        }
        return ["type": "tool_use", "id": .string(call.id), "name": .string(call.function.name), "input": input]
    }
}
