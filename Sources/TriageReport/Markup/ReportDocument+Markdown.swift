extension ReportDocument {
    /// The report as Markdown: headings, paragraphs and tables; each chart becomes a one-line
    /// caption naming its series, since Markdown cannot hold the drawing.
    ///
    /// Paragraph text is copied as written, so it may use Markdown itself.
    public func markdown() -> String {
        var blocks = ["# \(title.singleLine)"]
        if let subtitle { blocks.append(subtitle) }
        blocks.append("_Generated \(generatedAt.singleLine)_")
        for section in sections {
            blocks.append("## \(section.heading.singleLine)")
            blocks += section.paragraphs
            for block in section.blocks {
                switch block {
                case .lineChart(let chart): blocks.append("*Chart: \(chart.title)*. \(chart.summary)".singleLine)
                case .barChart(let chart): blocks.append("*Chart: \(chart.title)*. \(chart.summary)".singleLine)
                case .table(let table): blocks.append(String(table.markdown().dropLast()))
                }
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}
