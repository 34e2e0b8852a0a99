/// The page's only styles, inlined so the page needs nothing else. Kept free of `<` and `&` so
/// the page stays well-formed XML.
enum ReportStyleSheet {
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0 auto; max-width: 1080px; padding: 24px 32px 48px; color: #222222; background: #FFFFFF;
          font-family: system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif; font-size: 15px;
          line-height: 1.5; }
        h1 { font-size: 1.8em; margin: 0 0 4px; }
        h2 { font-size: 1.3em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #E6E6E6; }
        .subtitle { margin: 0; color: #444444; font-size: 1.1em; }
        .generated { margin: 4px 0 0; color: #666666; font-size: 0.9em; }
        figure { margin: 16px 0 24px; }
        figure svg { display: block; width: 100%; max-width: 900px; height: auto; }
        .table-wrap { overflow-x: auto; margin: 16px 0 24px; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
        th, td { padding: 4px 12px; border-bottom: 1px solid #E6E6E6; text-align: left; vertical-align: top; }
        th { border-bottom: 2px solid #BBBBBB; }
        .num { text-align: right; }
        .footnote { color: #666666; font-size: 0.9em; margin: 6px 0 0; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          h2 { break-after: avoid; page-break-after: avoid; }
          figure, .table-wrap, tr { break-inside: avoid; page-break-inside: avoid; }
          .table-wrap { overflow: visible; }
          figure svg { max-width: 100%; }
        }
        """
}
