/// The Luhn mod-10 check that card numbers and Canadian SINs carry in their last digit.
enum Luhn {
    /// Whether `digits` (values 0–9, most significant first) pass.
    static func isValid(_ digits: [UInt8]) -> Bool {
        guard digits.count > 1 else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            let x = Int(d)
            sum += i % 2 == 1 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x
        }
        return sum % 10 == 0
    }
}
