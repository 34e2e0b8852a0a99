import Foundation
import TriageSchema

/// The built-in answer check: a blocklist (whole words or phrases, any case) and regular
/// expressions, each compiled once when the chain is built.
struct ResponseRuleGuardrail: Guardrail, @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once made and documented safe to share
    // across threads; it is only not marked Sendable.
    private let rules: [(rule: GuardrailRule, regex: NSRegularExpression)]

    /// Rules from `settings`, named under `scope` (`""` for a group, `"key."` for a key).
    /// Patterns were validated at config load; one that fails here is skipped.
    init(_ settings: GuardrailSettings, scope: String) {
        var rules: [(GuardrailRule, NSRegularExpression)] = []
        if !settings.responseBlocklist.isEmpty {
            let words = settings.responseBlocklist.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
            // Word edges without \b, so an entry that starts or ends with punctuation still matches.
            if let regex = try? NSRegularExpression(pattern: #"(?<![\p{L}\p{N}_])(?:"# + words + #")(?![\p{L}\p{N}_])"#, options: [.caseInsensitive]) {
                rules.append((GuardrailRule(name: scope + "response_blocklist", finding: "a blocked word"), regex))
            }
        }
        for (i, pattern) in settings.responsePatterns.enumerated() {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            rules.append((GuardrailRule(name: scope + "response_patterns[\(i)]", finding: "a blocked pattern"), regex))
        }
        self.rules = rules
    }

    var isEmpty: Bool { rules.isEmpty }

    func check(responseText text: String) -> GuardrailRule? {
        let whole = NSRange(text.startIndex..., in: text)
        return rules.first { $0.regex.firstMatch(in: text, range: whole) != nil }?.rule
    }
}
