extension ReportDocument {
    /// The report as one self-contained page: inline styles and SVG, no script, nothing fetched.
    ///
    /// The markup is also well-formed XML (every tag closed, attributes quoted, numeric character
    /// references only), so it can be checked with any XML parser.
    public func html() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(title.markupEscaped)</title>
            <style>
            \(ReportStyleSheet.css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(title.markupEscaped)</h1>

            """
        if let subtitle { html += "<p class=\"subtitle\">\(subtitle.markupEscaped)</p>\n" }
        html += "<p class=\"generated\">Generated \(generatedAt.markupEscaped)</p>\n</header>\n<main>\n"
        for section in sections { html += section.html() }
        return html + "</main>\n</body>\n</html>\n"
    }
}
