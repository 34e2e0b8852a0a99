extension ReportSection {
    /// The paragraph text split at blank lines.
    var paragraphs: [String] {
        guard let paragraph else { return [] }
        var result: [String] = [], current: [Substring] = []
        for line in paragraph.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }
}
