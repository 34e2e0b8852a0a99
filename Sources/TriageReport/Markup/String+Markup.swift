extension String {
    /// The text made safe inside an XML/HTML element or a quoted attribute.
    ///
    /// Control characters that XML 1.0 forbids are dropped: one stray byte from a model name
    /// would otherwise make the whole page fail to parse.
    var markupEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text shortened to `limit` characters, ending in "…" when something was cut.
    func truncated(to limit: Int) -> String {
        guard count > limit, limit > 1 else { return self }
        return String(prefix(limit - 1)) + "…"
    }

    /// The text on one line, for Markdown headings, captions and table cells, where a newline
    /// would end the construct.
    var singleLine: String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The text without leading and trailing whitespace (Foundation-free, unlike `trimmingCharacters`).
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
