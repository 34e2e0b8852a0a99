/// Locale-independent number text: the same characters on every machine, whatever its locale.
///
/// Written by hand rather than with `String(format:)` or a `NumberFormatter`, whose separators
/// follow the process locale and would make the same report render differently elsewhere.
enum NumberText {
    /// `value` rounded half away from zero to `decimals` places, with "." as the decimal point
    /// and, when `grouping`, "," between thousands.
    static func fixed(_ value: Double, decimals: Int, grouping: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        let places = min(max(decimals, 0), 12)
        let scaled = (abs(value) * power(of: places)).rounded()
        // Past 2^53 the digits are no longer exact; Swift's own description is locale-free too.
        guard scaled < 9e15 else { return "\(value)" }
        var digits = String(UInt64(scaled))
        if digits.count <= places {
            digits = String(repeating: "0", count: places - digits.count + 1) + digits
        }
        var integer = String(digits.dropLast(places))
        if grouping { integer = grouped(integer) }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return places == 0 ? sign + integer : sign + integer + "." + digits.suffix(places)
    }

    /// `value` with at most `maxDecimals` places and no trailing zeros: "12.5", "40".
    static func trimmed(_ value: Double, maxDecimals: Int, grouping: Bool = false) -> String {
        var text = fixed(value, decimals: maxDecimals, grouping: grouping)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A pixel coordinate in SVG: two places are far below what a screen or printer resolves.
    static func pixel(_ value: Double) -> String {
        trimmed(value, maxDecimals: 2)
    }

    private static func power(of places: Int) -> Double {
        (0..<places).reduce(1.0) { value, _ in value * 10 }
    }

    private static func grouped(_ integer: String) -> String {
        var result = ""
        for (offset, digit) in integer.enumerated() {
            if offset > 0 && (integer.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
