import Foundation

extension ReportTable {
    /// The table in GitHub-flavoured Markdown: a bold title line, the table (numeric columns
    /// right-aligned), then the footnote in italics.
    public func markdown() -> String {
        let alignment = numericColumns.map { $0 ? "---:" : "---" }
        var lines = ["**\(title.singleLine)**", ""]
        if columnCount > 0 {
            lines.append(Self.row(paddedHeaders))
            lines.append(Self.row(alignment))
            lines += paddedRows.map(Self.row)
        }
        if let footnote { lines += ["", "_\(footnote.singleLine)_"] }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.singleLine.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }
}
