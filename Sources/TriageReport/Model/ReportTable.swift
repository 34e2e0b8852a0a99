/// A titled table of preformatted cells, rendered to HTML (`html()`) and Markdown (`markdown()`).
///
/// Cells are text: the caller formats numbers. Columns whose cells all look numeric ("1,204",
/// "$0.42", "-3.5%") are right-aligned. Short rows are padded with empty cells.
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var headers: [String]
    public var rows: [[String]]
    /// A note under the table, such as where the numbers come from.
    public var footnote: String?

    public init(title: String, headers: [String], rows: [[String]], footnote: String? = nil) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.footnote = footnote
    }
}
