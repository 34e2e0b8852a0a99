import TriageSchema

/// The guardrails one request runs: its model group's (for a routed model, every candidate
/// group's, since any may answer), and its virtual key's and team's, which add to them.
struct GuardrailChain: Sendable {
    /// Where one set of settings came from: rule names start with `scope` (`""` for groups,
    /// `"team."` and `"key."` for a team's and a key's metadata).
    struct Source: Sendable, Hashable {
        var settings: GuardrailSettings
        var scope: String
    }

    private let guardrails: [any Guardrail]
    /// Whether any check reads answers (so streams accumulate their text only when needed).
    let checksResponses: Bool

    /// PII kinds merge across sources, and a kind blocked anywhere is blocked; answer rules
    /// keep their source's name.
    init(_ sources: [Source]) {
        var blocked: Set<PIIKind> = []
        var redacted: Set<PIIKind> = []
        for pii in sources.compactMap(\.settings.pii) {
            switch pii.action {
            case .block: blocked.formUnion(pii.kinds)
            case .redact: redacted.formUnion(pii.kinds)
            }
        }
        var guardrails: [any Guardrail] = []
        if !blocked.isEmpty || !redacted.isEmpty { guardrails.append(PIIGuardrail(blocked: blocked, redacted: redacted)) }
        let answers = sources.map { ResponseRuleGuardrail($0.settings, scope: $0.scope) }.filter { !$0.isEmpty }
        guardrails += answers as [any Guardrail]
        self.guardrails = guardrails
        checksResponses = !answers.isEmpty
    }

    var isEmpty: Bool { guardrails.isEmpty }

    /// Runs every pre-flight check in turn, each seeing the request as the last left it.
    func preflight(_ request: ChatCompletionRequest) -> (request: ChatCompletionRequest, redactions: [GuardrailRule], block: GuardrailRule?) {
        var request = request
        var redactions: [GuardrailRule] = []
        for guardrail in guardrails {
            switch guardrail.check(request) {
            case .allow: continue
            case .redact(let changed, let rules):
                request = changed
                redactions += rules
            case .block(let rule):
                return (request, redactions, rule)
            }
        }
        return (request, redactions, nil)
    }

    /// The first answer rule `text` breaks.
    func check(responseText text: String) -> GuardrailRule? {
        for guardrail in guardrails {
            if let rule = guardrail.check(responseText: text) { return rule }
        }
        return nil
    }
}
