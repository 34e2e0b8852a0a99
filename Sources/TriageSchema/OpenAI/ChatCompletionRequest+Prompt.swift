extension ChatCompletionRequest {
    /// The text of the last user message ("" when there is none); what the router featurizes.
    public var lastUserText: String {
        messages.last { $0.role == .user }?.text ?? ""
    }

    /// Messages in the conversation proper, system and developer instructions excluded;
    /// the router's `turns` signal.
    public var conversationTurns: Int {
        messages.count { $0.role != .system && $0.role != .developer }
    }

    /// A rough prompt size for rate limits and budget reservations: UTF-8 bytes of all
    /// message text (content text, tool-call names and arguments) divided by 4, rounded up.
    ///
    /// Four bytes per token is OpenAI's rule of thumb for English; counting bytes rather than
    /// characters keeps CJK text (3 bytes, about 1 token per character) from being undercounted
    /// badly. Images, tool schemas and per-message overhead are not counted.
    public var estimatedPromptTokens: Int {
        var bytes = 0
        for m in messages {
            bytes += m.text.utf8.count
            for call in m.toolCalls {
                bytes += call.function.name.utf8.count + call.function.arguments.utf8.count
            }
        }
        return (bytes + 3) / 4
    }
}

extension ChatCompletionRequest {
    /// Non-text parts (images, audio, files) that a body's size says nothing about: each is
    /// counted at a high-detail image's token cost, the largest any provider lists.
    public static let tokensPerMediaPart = 1_600

    /// An upper bound on the prompt tokens a provider can bill for this request, given the
    /// size of its JSON body: byte-level tokenizers never make more tokens than bytes, and the
    /// body holds every message, tool and schema the model reads (plus framing that only
    /// loosens the bound). Media parts are added at `tokensPerMediaPart` each.
    public func promptTokenBound(bodyBytes: Int) -> Int {
        var media = 0
        for message in messages {
            guard case .parts(let parts)? = message.content else { continue }
            media += parts.count { if case .text = $0 { false } else { true } }
        }
        return bodyBytes + media * Self.tokensPerMediaPart
    }
}
