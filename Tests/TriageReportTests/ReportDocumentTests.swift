import Testing

@testable import TriageReport

@Suite struct ReportDocumentTests {
    static let table = ReportTable(
        title: "Spend by model", headers: ["Model", "Requests", "Cost", "Share"],
        rows: [["gpt-4o-mini", "1,204", "$0.42", "71.5%"], ["claude | sonnet", "480", "$3.10", "28.5%"], ["other"]],
        footnote: "Costs from the ledger.")

    static let document = ReportDocument(
        title: "Triage weekly report", subtitle: "Router <v2> & friends", generatedAt: "2025-06-01 14:00 UTC",
        sections: [
            ReportSection(
                heading: "Routing", paragraph: "First paragraph.\n\nSecond & last.",
                blocks: [.lineChart(ChartSVGTests.lineChart), .barChart(ChartSVGTests.barChart)]),
            ReportSection(heading: "Spend", blocks: [.table(table)]),
            ReportSection(heading: "Empty"),
        ])

    @Test func htmlIsOneWellFormedSelfContainedPage() {
        let html = Self.document.html()
        #expect(MarkupChecks.parseError(html) == nil)
        #expect(MarkupChecks.externalReferences(html).isEmpty)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\"/>"))
        #expect(html.contains("@media print") && html.contains("break-inside: avoid"))
        #expect(!html.contains("&nbsp;"))
        #expect(html.components(separatedBy: "<svg xmlns=").count == 3)
        #expect(html.contains("<p>Second &amp; last.</p>"))
        #expect(html.contains("Router &lt;v2&gt; &amp; friends"))
        #expect(html.contains("Generated 2025-06-01 14:00 UTC"))
        #expect(html == Self.document.html())
    }

    @Test func markdownHasHeadingsParagraphsTablesAndChartCaptions() {
        let markdown = Self.document.markdown()
        #expect(markdown.hasPrefix("# Triage weekly report\n\nRouter <v2> & friends\n\n_Generated 2025-06-01 14:00 UTC_\n\n## Routing\n\nFirst paragraph.\n\nSecond & last.\n\n"))
        #expect(markdown.contains("*Chart: Cost–quality curve*. Line chart of Quality against Share to strong model; series: router, random, samples; markers: CPT(50%) = 0.42, target, chosen."))
        #expect(markdown.contains("*Chart: Requests per model per day*. Stacked bar chart of Requests by Day; series: gpt-4o-mini, claude-sonnet; 3 categories."))
        #expect(markdown.contains("## Spend\n\n**Spend by model**\n\n| Model |"))
        #expect(markdown.hasSuffix("## Empty\n"))
    }

    @Test func tableRightAlignsNumbersPadsRowsAndEscapesPipes() {
        #expect(Self.table.markdown() == """
            **Spend by model**

            | Model | Requests | Cost | Share |
            | --- | ---: | ---: | ---: |
            | gpt-4o-mini | 1,204 | $0.42 | 71.5% |
            | claude \\| sonnet | 480 | $3.10 | 28.5% |
            | other |  |  |  |

            _Costs from the ledger._

            """)
        let html = Self.table.html()
        #expect(MarkupChecks.parseError(html) == nil)
        #expect(html.contains("<th scope=\"col\">Model</th><th scope=\"col\" class=\"num\">Requests</th>"))
        #expect(html.contains("<td>claude | sonnet</td><td class=\"num\">480</td>"))
        #expect(html.contains("<p class=\"footnote\">Costs from the ledger.</p>"))
    }

    @Test func numericColumnDetection() {
        for cell in ["1,204", "$0.42", "-3.5%", "+12", "0"] { #expect(ReportTable.looksNumeric(cell), "\(cell)") }
        for cell in ["", "n/a", "12 ms", "v2", "-", "gpt-4"] { #expect(!ReportTable.looksNumeric(cell), "\(cell)") }
    }
}
