import TriageSchema

/// The built-in personal-data check over every message's text (string content and text parts;
/// tool-call arguments and images are not read). Kinds set to block refuse the request;
/// kinds set to redact are replaced by `[REDACTED:<kind>]` in the body sent upstream.
struct PIIGuardrail: Guardrail {
    let blocked: Set<PIIKind>
    let redacted: Set<PIIKind>
    private let scanner: PIIScanner

    init(blocked: Set<PIIKind>, redacted: Set<PIIKind>) {
        self.blocked = blocked
        self.redacted = redacted.subtracting(blocked)
        scanner = PIIScanner(kinds: blocked.union(redacted))
    }

    static func rule(_ kind: PIIKind) -> GuardrailRule {
        GuardrailRule(name: "pii.\(kind.rawValue)", finding: finding[kind] ?? kind.rawValue)
    }

    private static let finding: [PIIKind: String] = [
        .email: "an email address", .phone: "a phone number", .card: "a payment card number",
        .usSSN: "a US Social Security number", .ukNINO: "a UK National Insurance number", .caSIN: "a Canadian Social Insurance number",
    ]

    func check(_ request: ChatCompletionRequest) -> PreflightVerdict {
        guard case .array(var messages)? = request.body["messages"] else { return .allow }
        var found: [PIIKind] = []
        for m in messages.indices {
            guard case .object(var message) = messages[m] else { continue }
            switch message["content"] {
            case .string(let text)?:
                message["content"] = .string(scan(text, into: &found))
            case .array(var parts)?:
                for p in parts.indices {
                    guard case .object(var part) = parts[p], part["type"] == .string("text"), case .string(let text)? = part["text"] else { continue }
                    part["text"] = .string(scan(text, into: &found))
                    parts[p] = .object(part)
                }
                message["content"] = .array(parts)
            default:
                continue
            }
            messages[m] = .object(message)
        }
        if let kind = found.first(where: { blocked.contains($0) }) { return .block(Self.rule(kind)) }
        guard !found.isEmpty else { return .allow }
        var body = request.body
        body["messages"] = .array(messages)
        // Only text changed, so the body reads as before; should it not, refusing is the safe side.
        guard let changed = try? ChatCompletionRequest(json: .object(body)) else { return .block(Self.rule(found[0])) }
        var seen: Set<PIIKind> = []
        return .redact(changed, rules: found.filter { seen.insert($0).inserted }.map(Self.rule))
    }

    /// `text` redacted (when nothing blocks), noting every kind found.
    private func scan(_ text: String, into found: inout [PIIKind]) -> String {
        let (clean, matches) = scanner.redacted(text)
        found += matches.map(\.kind)
        return matches.isEmpty ? text : clean
    }
}
