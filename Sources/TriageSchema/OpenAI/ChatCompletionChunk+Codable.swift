extension ChatCompletionChunk: WireEncodable, Decodable {
    private enum Keys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id) ?? "",
            created: try c.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            model: try c.decodeIfPresent(String.self, forKey: .model) ?? "",
            choices: try c.decodeIfPresent([Choice].self, forKey: .choices) ?? [],
            usage: try c.decodeIfPresent(Usage.self, forKey: .usage),
            systemFingerprint: try c.decodeIfPresent(String.self, forKey: .systemFingerprint))
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? object
    }

    /// Built by hand rather than through `Encoder`: a chunk is written for every token, and
    /// this is about four times faster than the generic path.
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["id"] = .string(id)
        o["object"] = .string(object)
        o["created"] = .integer(Int64(created))
        o["model"] = .string(model)
        o["system_fingerprint"] = systemFingerprint.map(JSONValue.string) ?? .null
        o["choices"] = .array(choices.map(\.jsonValue))
        o["usage"] = usage.map(\.jsonValue) ?? .null  // explicit null except in the usage chunk
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

extension ChatCompletionChunk.Choice: WireEncodable, Decodable {
    private enum Keys: String, CodingKey {
        case index, delta, logprobs
        case finishReason = "finish_reason"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            index: try c.decodeIfPresent(Int.self, forKey: .index) ?? 0,
            delta: try c.decodeIfPresent(ChatCompletionChunk.Delta.self, forKey: .delta) ?? .init(),
            finishReason: try c.decodeIfPresent(FinishReason.self, forKey: .finishReason),
            logprobs: try c.decodeIfPresent(JSONValue.self, forKey: .logprobs))
    }

    /// The choice as JSON; `logprobs` and `finish_reason` are explicit nulls until set.
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["index"] = .integer(Int64(index))
        o["delta"] = delta.jsonValue
        o["logprobs"] = logprobs ?? .null
        o["finish_reason"] = finishReason.map { .string($0.rawValue) } ?? .null
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

extension ChatCompletionChunk.Delta: WireEncodable, Decodable {
    private enum Keys: String, CodingKey {
        case role, content, refusal
        case toolCalls = "tool_calls"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            role: try c.decodeIfPresent(String.self, forKey: .role),
            content: try c.decodeIfPresent(String.self, forKey: .content),
            refusal: try c.decodeIfPresent(String.self, forKey: .refusal),
            toolCalls: try c.decodeIfPresent([ChatCompletionChunk.ToolCallDelta].self, forKey: .toolCalls))
    }

    /// The delta as JSON, with only the fields that are set.
    public var jsonValue: JSONValue {
        var o = JSONObject()
        if let role { o["role"] = .string(role) }
        if let content { o["content"] = .string(content) }
        if let refusal { o["refusal"] = .string(refusal) }
        if let toolCalls { o["tool_calls"] = .array(toolCalls.map(\.jsonValue)) }
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

extension ChatCompletionChunk.ToolCallDelta: WireEncodable, Decodable {
    private enum Keys: String, CodingKey { case index, id, type, function }
    private enum FunctionKeys: String, CodingKey { case name, arguments }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let f = try? c.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
        self.init(
            index: try c.decodeIfPresent(Int.self, forKey: .index) ?? 0,
            id: try c.decodeIfPresent(String.self, forKey: .id),
            type: try c.decodeIfPresent(String.self, forKey: .type),
            name: try f?.decodeIfPresent(String.self, forKey: .name),
            arguments: try f?.decodeIfPresent(String.self, forKey: .arguments))
    }

    /// The fragment as JSON, with only the fields that are set.
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["index"] = .integer(Int64(index))
        if let id { o["id"] = .string(id) }
        if let type { o["type"] = .string(type) }
        if name != nil || arguments != nil {
            var f = JSONObject()
            if let name { f["name"] = .string(name) }
            if let arguments { f["arguments"] = .string(arguments) }
            o["function"] = .object(f)
        }
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
