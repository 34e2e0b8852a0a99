/// A whole report: rendered by `html()` to one self-contained page and by `markdown()` to a summary.
///
/// The library never reads the clock: the caller passes `generatedAt`, so the same values always
/// render to the same bytes.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String?
    /// When the report was made, already formatted by the caller (e.g. "2025-06-01 14:00 UTC").
    public var generatedAt: String
    public var sections: [ReportSection]

    public init(title: String, subtitle: String? = nil, generatedAt: String, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.generatedAt = generatedAt
        self.sections = sections
    }
}
