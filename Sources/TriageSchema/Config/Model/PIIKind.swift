/// A kind of personal data the built-in detector finds; the raw value names it in config,
/// in redaction placeholders and in rule names.
public enum PIIKind: String, Sendable, Hashable, CaseIterable {
    /// `local@domain.tld`.
    case email
    /// North American `(415) 555-2671`, international `+44 20 7946 0958`, or national numbers
    /// starting 0 such as `020 7946 0958`; bare digit strings without `+` are not phones.
    case phone
    /// 13 to 19 digits, optionally grouped by spaces or dashes, that pass the Luhn check.
    case card
    /// US Social Security number `123-45-6789` (dashes or spaces), outside the never-issued
    /// ranges: area 000, 666 or 900–999, group 00, serial 0000.
    case usSSN = "us_ssn"
    /// UK National Insurance number `AB 12 34 56 C`, with HMRC's excluded prefix letters.
    case ukNINO = "uk_nino"
    /// Canadian Social Insurance number `046-454-286` (dashes or spaces), passing the Luhn check.
    case caSIN = "ca_sin"
}
