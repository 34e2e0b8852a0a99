extension ReportSection {
    /// The section as an HTML `<section>`: heading, paragraphs, then each chart in a `<figure>`.
    func html() -> String {
        var html = "<section>\n<h2>\(heading.markupEscaped)</h2>\n"
        for paragraph in paragraphs { html += "<p>\(paragraph.markupEscaped)</p>\n" }
        for block in blocks {
            switch block {
            case .lineChart(let chart): html += "<figure>\n\(chart.svg())</figure>\n"
            case .barChart(let chart): html += "<figure>\n\(chart.svg())</figure>\n"
            case .table(let table): html += table.html()
            }
        }
        return html + "</section>\n"
    }
}
