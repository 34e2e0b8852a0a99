import Testing
import TriageSchema
@testable import TriageGateway

/// The built-in detector at the edges of each kind: what it must find, and the look-alikes
/// (dates, prices, numbers failing their checks) it must leave alone.
@Suite struct PIIScannerTests {
    /// The finds in `text` as (kind, matched text).
    static func finds(_ text: String, kinds: [PIIKind] = PIIKind.allCases) -> [String] {
        let bytes = Array(text.utf8)
        return PIIScanner(kinds: kinds).matches(in: text).map {
            "\($0.kind.rawValue):" + String(decoding: bytes[$0.range], as: UTF8.self)
        }
    }

    @Test(arguments: [
        ("mail a@b.co now", ["email:a@b.co"]),
        ("first.last+tag@sub.example.org.", ["email:first.last+tag@sub.example.org"]),
        ("<x_y%z@ex-ample.com>", ["email:x_y%z@ex-ample.com"]),
        ("...lead@dots.io", ["email:lead@dots.io"]),
        ("a@b", []),
        ("a@b.c", []),
        ("@example.com", []),
        ("a@-b.com", []),
        ("a@b-.com", []),
        ("a..b@c.com", []),
        ("a@b..com", []),
        ("a@b.c0m", []),
        ("user@localhost", []),
        ("trailing.@x.com", []),
    ])
    func emails(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.email]) == expected)
    }

    @Test(arguments: [
        ("call (415) 555-2671", ["phone:(415) 555-2671"]),
        ("call 415.555.2671 today", ["phone:415.555.2671"]),
        ("1 415 555 2671", ["phone:1 415 555 2671"]),
        ("+44 20 7946 0958", ["phone:+44 20 7946 0958"]),
        ("+447700900123", ["phone:+447700900123"]),
        ("020 7946 0958", ["phone:020 7946 0958"]),
        ("07700 900123", ["phone:07700 900123"]),
        ("on 2024-01-15 at 10:30", []),
        ("15.01.2024", []),
        ("costs 1299.99 or $1,299.99", []),
        ("10.99 20.50 30.00", []),
        ("order 5551234567", []),
        ("ip 192.168.100.200", []),
        ("123-456-7890", []),
        ("+12 345", []),
        ("v415-555-2671", []),
    ])
    func phones(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.phone]) == expected)
    }

    @Test(arguments: [
        ("4111111111111111", ["card:4111111111111111"]),
        ("4111 1111 1111 1111", ["card:4111 1111 1111 1111"]),
        ("4111-1111-1111-1111.", ["card:4111-1111-1111-1111"]),
        ("amex 3782 822463 10005", ["card:3782 822463 10005"]),
        ("4222222222222", ["card:4222222222222"]),
        ("6011000990139424124", ["card:6011000990139424124"]),
        ("4111 1111 1111 1112", []),
        ("4111-1111 1111-1111", []),
        ("412345678905", []),
        ("41234567890123456787", []),
        ("id4111111111111111", []),
    ])
    func cards(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.card]) == expected)
    }

    @Test(arguments: [
        ("ssn 123-45-6789", ["us_ssn:123-45-6789"]),
        ("123 45 6789", ["us_ssn:123 45 6789"]),
        ("899-99-9999", ["us_ssn:899-99-9999"]),
        ("000-12-3456", []),
        ("666-12-3456", []),
        ("900-12-3456", []),
        ("123-00-4567", []),
        ("123-45-0000", []),
        ("123-45 6789", []),
        ("123456789", []),
        ("123-45-6789-10", []),
    ])
    func ssns(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.usSSN]) == expected)
    }

    @Test(arguments: [
        ("NI AB 12 34 56 C", ["uk_nino:AB 12 34 56 C"]),
        ("ab123456d", ["uk_nino:ab123456d"]),
        ("JG103759A.", ["uk_nino:JG103759A"]),
        ("AB123456E", []),
        ("DA123456A", []),
        ("AO123456A", []),
        ("GB123456A", []),
        ("ZZ123456A", []),
        ("AB12345A", []),
        ("XAB123456A", []),
        ("AB123456AB", []),
    ])
    func ninos(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.ukNINO]) == expected)
    }

    @Test(arguments: [
        ("SIN 130 692 544", ["ca_sin:130 692 544"]),
        ("130-692-544", ["ca_sin:130-692-544"]),
        ("130-692-545", []),
        ("046 454 286", []),
    ])
    func sins(_ text: String, expected: [String]) {
        #expect(Self.finds(text, kinds: [.caSIN]) == expected)
    }

    @Test func redactionReplacesEachFindWithItsTypedPlaceholder() {
        let text = "Mail jo@x.io or call +1 415 555 2671; card 4111 1111 1111 1111, SSN 123-45-6789, NINO AB123456C. Thanks — é"
        let (redacted, matches) = PIIScanner(kinds: PIIKind.allCases).redacted(text)
        #expect(redacted == "Mail [REDACTED:email] or call [REDACTED:phone]; card [REDACTED:card], SSN [REDACTED:us_ssn], NINO [REDACTED:uk_nino]. Thanks — é")
        #expect(matches.map(\.kind) == [.email, .phone, .card, .usSSN, .ukNINO])
    }

    @Test func onlyTheConfiguredKindsAreFound() {
        #expect(Self.finds("jo@x.io 123-45-6789", kinds: [.usSSN]) == ["us_ssn:123-45-6789"])
    }

    /// Long adversarial inputs scan in linear time: no find, and no blow-up.
    @Test func pathologicalInputsScanQuickly() {
        let inputs = [
            String(repeating: "a", count: 200_000) + "@",
            String(repeating: "a@", count: 100_000),
            String(repeating: "1-", count: 100_000),
            String(repeating: "AB12 ", count: 50_000),
        ]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for text in inputs { _ = PIIScanner(kinds: PIIKind.allCases).matches(in: text) }
        }
        #expect(elapsed < .seconds(5))
    }
}
