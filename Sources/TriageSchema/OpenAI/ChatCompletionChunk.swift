/// One streamed event of a chat completion (`object: "chat.completion.chunk"`).
public struct ChatCompletionChunk: Sendable, Hashable {
    /// The completion id, the same in every chunk of a stream.
    public var id: String
    /// Always `chat.completion.chunk`.
    public var object: String
    /// Unix seconds; the same in every chunk of a stream.
    public var created: Int
    /// The model that answers, as reported to the client.
    public var model: String
    /// The backend configuration fingerprint; encoded as `null` when unknown.
    public var systemFingerprint: String?
    /// Empty in the final usage chunk.
    public var choices: [Choice]
    /// `null` in every chunk but the final usage chunk.
    public var usage: Usage?

    /// A chunk; `object` is set for you.
    public init(
        id: String, created: Int, model: String, choices: [Choice],
        usage: Usage? = nil, systemFingerprint: String? = nil
    ) {
        self.id = id
        self.object = "chat.completion.chunk"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
    }

    /// The change to one choice.
    public struct Choice: Sendable, Hashable {
        /// Position of the choice.
        public var index: Int
        /// What the choice gained in this chunk.
        public var delta: Delta
        /// Set in the choice's last chunk, `null` before.
        public var finishReason: FinishReason?
        /// Token log-probabilities when requested; `null` otherwise.
        public var logprobs: JSONValue?

        /// A choice delta.
        public init(index: Int = 0, delta: Delta, finishReason: FinishReason? = nil, logprobs: JSONValue? = nil) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
            self.logprobs = logprobs
        }
    }

    /// New content for a choice; only the fields present are encoded (`{}` in the finish chunk).
    public struct Delta: Sendable, Hashable {
        /// `assistant` in the first chunk only.
        public var role: String?
        /// New text.
        public var content: String?
        /// New refusal text.
        public var refusal: String?
        /// New tool-call fragments.
        public var toolCalls: [ToolCallDelta]?

        /// A delta with the given fields.
        public init(role: String? = nil, content: String? = nil, refusal: String? = nil, toolCalls: [ToolCallDelta]? = nil) {
            self.role = role
            self.content = content
            self.refusal = refusal
            self.toolCalls = toolCalls
        }
    }

    /// A fragment of one tool call: the first carries `id`, `type` and `function.name`, later
    /// ones only `index` and a piece of `function.arguments`.
    public struct ToolCallDelta: Sendable, Hashable {
        /// Position of the call in the message's `tool_calls`.
        public var index: Int
        /// The call id, in the first fragment.
        public var id: String?
        /// `function`, in the first fragment.
        public var type: String?
        /// The function name, in the first fragment.
        public var name: String?
        /// The next piece of the JSON arguments string.
        public var arguments: String?

        /// A tool-call fragment.
        public init(index: Int, id: String? = nil, type: String? = nil, name: String? = nil, arguments: String? = nil) {
            self.index = index
            self.id = id
            self.type = type
            self.name = name
            self.arguments = arguments
        }
    }
}

extension ChatCompletionChunk {
    /// The final chunk of an `include_usage` stream: no choices, the usage.
    public static func usageChunk(id: String, created: Int, model: String, usage: Usage, systemFingerprint: String? = nil) -> Self {
        Self(id: id, created: created, model: model, choices: [], usage: usage, systemFingerprint: systemFingerprint)
    }
}
