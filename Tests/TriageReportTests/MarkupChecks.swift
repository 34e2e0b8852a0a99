import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Checks shared by the rendering tests.
enum MarkupChecks {
    /// Whether `markup` parses as XML; on failure, the parser's error for the test log.
    static func parseError(_ markup: String) -> String? {
        let parser = XMLParser(data: Data(markup.utf8))
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber)"
    }

    /// Everything in `markup` that could make a browser fetch or run something.
    static func externalReferences(_ markup: String) -> [String] {
        let text = markup.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").lowercased()
        return ["http://", "https://", "<script", "<link", "@import", "url(", " href=", " src="].filter(text.contains)
    }

    /// The text of every `<text>` element, in document order.
    static func textElements(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text").dropFirst().compactMap { chunk in
            guard let open = chunk.firstIndex(of: ">"), let close = chunk.range(of: "</text>") else { return nil }
            return String(chunk[chunk.index(after: open)..<close.lowerBound])
        }
    }
}
