import TriageSchema

/// Finds personal data in text in one linear pass per kind family (emails, NINOs, digit runs):
/// hand-written scanners rather than regular expressions, so no prompt can make a scan
/// backtrack, and the digit checks (Luhn, never-issued SSN ranges) sit next to the shapes.
struct PIIScanner: Sendable {
    /// One find: its kind and the UTF-8 byte offsets it covers.
    struct Match: Sendable, Equatable {
        var kind: PIIKind
        var range: Range<Int>
    }

    let kinds: Set<PIIKind>

    init(kinds: some Sequence<PIIKind>) {
        self.kinds = Set(kinds)
    }

    /// Every find, in text order, none overlapping (the earlier, then the longer, wins).
    func matches(in text: String) -> [Match] {
        let b = Array(text.utf8)
        var found: [Match] = []
        if kinds.contains(.email) { found += Self.emails(in: b).map { Match(kind: .email, range: $0) } }
        if kinds.contains(.ukNINO) { found += Self.ninos(in: b).map { Match(kind: .ukNINO, range: $0) } }
        if !kinds.isDisjoint(with: Self.numberKinds) { found += numbers(in: b) }
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var kept: [Match] = []
        for match in found where match.range.lowerBound >= (kept.last?.range.upperBound ?? 0) {
            kept.append(match)
        }
        return kept
    }

    /// `text` with each find replaced by `[REDACTED:<kind>]`, and the finds.
    func redacted(_ text: String) -> (text: String, matches: [Match]) {
        let found = matches(in: text)
        guard !found.isEmpty else { return (text, []) }
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var at = 0
        for match in found {
            out += b[at..<match.range.lowerBound]
            out += Array("[REDACTED:\(match.kind.rawValue)]".utf8)
            at = match.range.upperBound
        }
        out += b[at...]
        return (String(decoding: out, as: UTF8.self), found)
    }

    static let numberKinds: Set<PIIKind> = [.phone, .card, .usSSN, .caSIN]
}
