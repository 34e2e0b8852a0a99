import NIOCore
import TriageSchema

extension CachedAnswer {
    /// Whether an upstream body is worth keeping: a `chat.completion` whose every choice
    /// finished (stop, length, tool calls…), none with an error or no finish reason at all.
    static func isStorable(_ body: ByteBuffer) -> Bool {
        guard let members = try? JSONValue.selectedMembers(["choices"], in: body.readableBytesView),
              let choices = members[0]?.arrayValue, !choices.isEmpty
        else { return false }
        return choices.allSatisfy { choice in
            guard let reason = choice.objectValue?["finish_reason"]?.stringValue else { return false }
            return reason != "error"
        }
    }
}
