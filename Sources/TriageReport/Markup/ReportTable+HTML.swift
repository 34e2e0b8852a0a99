extension ReportTable {
    /// The table as an HTML fragment: a scrollable wrapper, `<table>` with caption, head and body,
    /// and the footnote. Numeric columns carry `class="num"` for right alignment.
    public func html() -> String {
        let numeric = numericColumns
        let cellClass = { (column: Int) in numeric[column] ? " class=\"num\"" : "" }
        var html = "<div class=\"table-wrap\">\n<table>\n<caption>\(title.markupEscaped)</caption>\n<thead>\n<tr>"
        for (column, header) in paddedHeaders.enumerated() {
            html += "<th scope=\"col\"\(cellClass(column))>\(header.markupEscaped)</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in paddedRows {
            html += "<tr>"
            for (column, cell) in row.enumerated() { html += "<td\(cellClass(column))>\(cell.markupEscaped)</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if let footnote { html += "<p class=\"footnote\">\(footnote.markupEscaped)</p>\n" }
        return html + "</div>\n"
    }
}
