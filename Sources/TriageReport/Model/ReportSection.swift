/// A headed part of a `ReportDocument`: an optional paragraph, then charts and tables in order.
public struct ReportSection: Sendable {
    public var heading: String
    /// Plain text; a blank line starts a new paragraph.
    public var paragraph: String?
    public var blocks: [ReportBlock]

    public init(heading: String, paragraph: String? = nil, blocks: [ReportBlock] = []) {
        self.heading = heading
        self.paragraph = paragraph
        self.blocks = blocks
    }
}
