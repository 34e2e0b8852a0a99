/// One message of a chat request, validated.
public struct ChatMessage: Sendable, Hashable {
    /// Who wrote the message.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    /// Who wrote the message.
    public var role: Role
    /// Nil only for an assistant message that carries tool calls instead (or sent `null`).
    public var content: MessageContent?
    /// The optional participant name.
    public var name: String?
    /// Calls an assistant message made; empty for other roles.
    public var toolCalls: [ToolCall]
    /// The call a `tool` message answers.
    public var toolCallID: String?

    /// A message with these fields.
    public init(
        role: Role, content: MessageContent?, name: String? = nil,
        toolCalls: [ToolCall] = [], toolCallID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// The text of the content ("" when there is none).
    public var text: String { content?.text ?? "" }
}

extension ChatMessage {
    /// Reads and validates `messages[index]`.
    init(json: JSONValue, path: String) throws(RequestValidationError) {
        let r = try FieldReader(json, path: path)
        let roleName = try r.requiredString("role")
        guard let role = Role(rawValue: roleName) else {
            let supported = Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .invalidValue(r.path("role"), "'\(roleName)' is not one of the supported roles \(supported)")
        }
        let content = try r.value("content").map { v throws(RequestValidationError) in
            try MessageContent(json: v, path: r.path("content"))
        }
        var toolCalls: [ToolCall] = []
        if role == .assistant, let calls = try r.array("tool_calls") {
            for (k, call) in calls.enumerated() {
                toolCalls.append(try ToolCall(json: call, path: "\(r.path("tool_calls"))[\(k)]"))
            }
        }
        // Only an assistant turn that calls tools may omit its content.
        if content == nil, toolCalls.isEmpty, r.value("function_call") == nil {
            throw .missing(r.path("content"))
        }
        let toolCallID = role == .tool ? try r.requiredString("tool_call_id") : nil
        self.init(
            role: role, content: content, name: try r.string("name"),
            toolCalls: toolCalls, toolCallID: toolCallID)
    }
}
