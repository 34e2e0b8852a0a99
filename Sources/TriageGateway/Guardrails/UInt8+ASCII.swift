/// Byte classes the PII scanners read UTF-8 with.
extension UInt8 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    /// Letters, digits, `_`, and any non-ASCII byte (so a digit glued to a word in another
    /// script is not a number of its own).
    var isWordByte: Bool { isDigit || isASCIILetter || self == 0x5F || self >= 0x80 }
    var digitValue: UInt8 { self - 0x30 }
}
