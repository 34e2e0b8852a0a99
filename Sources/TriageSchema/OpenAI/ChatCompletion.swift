/// A non-streaming chat completion response (`object: "chat.completion"`).
public struct ChatCompletion: Sendable, Hashable {
    /// The completion id, e.g. `chatcmpl-…` or an upstream message id.
    public var id: String
    /// Always `chat.completion`.
    public var object: String
    /// Unix seconds.
    public var created: Int
    /// The model that answered, as reported to the client.
    public var model: String
    /// The answers; one unless the request set `n`.
    public var choices: [Choice]
    /// Token counts; encoded as `null` when unknown.
    public var usage: Usage?
    /// The backend configuration fingerprint; encoded as `null` when unknown.
    public var systemFingerprint: String?

    /// A completion; `object` is set for you.
    public init(
        id: String, created: Int, model: String, choices: [Choice],
        usage: Usage?, systemFingerprint: String? = nil
    ) {
        self.id = id
        self.object = "chat.completion"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
    }

    /// One generated answer.
    public struct Choice: Sendable, Hashable {
        /// Position of the choice.
        public var index: Int
        /// The assistant message.
        public var message: Message
        /// Nil only in malformed upstream answers; encoded as `null`.
        public var finishReason: FinishReason?
        /// Token log-probabilities when requested; `null` otherwise.
        public var logprobs: JSONValue?

        /// A choice.
        public init(index: Int, message: Message, finishReason: FinishReason?, logprobs: JSONValue? = nil) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
            self.logprobs = logprobs
        }
    }

    /// The assistant's message in a choice.
    public struct Message: Sendable, Hashable {
        /// Always `assistant`.
        public var role: String
        /// Nil when the answer is only tool calls; encoded as `null`.
        public var content: String?
        /// The model's refusal text, when it refused; encoded as `null` otherwise.
        public var refusal: String?
        /// Tool calls; the key is left out when empty, as OpenAI does.
        public var toolCalls: [ToolCall]

        /// An assistant message.
        public init(content: String?, toolCalls: [ToolCall] = [], refusal: String? = nil) {
            self.role = "assistant"
            self.content = content
            self.refusal = refusal
            self.toolCalls = toolCalls
        }
    }
}

extension ChatCompletion: WireEncodable, Decodable {
    private enum Keys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    public init(from decoder: any Decoder) throws {
        // Lenient: OpenAI-compatible servers differ in which fields they bother to send.
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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(object, forKey: .object)
        try c.encode(created, forKey: .created)
        try c.encode(model, forKey: .model)
        try c.encode(choices, forKey: .choices)
        try c.encode(usage, forKey: .usage)
        try c.encode(systemFingerprint, forKey: .systemFingerprint)
    }
}

extension ChatCompletion.Choice: Codable {
    private enum Keys: String, CodingKey {
        case index, message, logprobs
        case finishReason = "finish_reason"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            index: try c.decodeIfPresent(Int.self, forKey: .index) ?? 0,
            message: try c.decode(ChatCompletion.Message.self, forKey: .message),
            finishReason: try c.decodeIfPresent(FinishReason.self, forKey: .finishReason),
            logprobs: try c.decodeIfPresent(JSONValue.self, forKey: .logprobs))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(index, forKey: .index)
        try c.encode(message, forKey: .message)
        try c.encode(logprobs, forKey: .logprobs)
        try c.encode(finishReason, forKey: .finishReason)
    }
}

extension ChatCompletion.Message: Codable {
    private enum Keys: String, CodingKey {
        case role, content, refusal
        case toolCalls = "tool_calls"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            content: try c.decodeIfPresent(String.self, forKey: .content),
            toolCalls: try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? [],
            refusal: try c.decodeIfPresent(String.self, forKey: .refusal))
        role = try c.decodeIfPresent(String.self, forKey: .role) ?? role
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(role, forKey: .role)
        try c.encode(content, forKey: .content)
        try c.encode(refusal, forKey: .refusal)
        if !toolCalls.isEmpty { try c.encode(toolCalls, forKey: .toolCalls) }
    }
}
