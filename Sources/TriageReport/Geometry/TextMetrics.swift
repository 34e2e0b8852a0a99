/// Text width estimates for layout. SVG text cannot be measured without a renderer, so widths
/// assume a generous average glyph (0.6 em, wider than most sans-serif text) and leave room.
enum TextMetrics {
    static let fontSize = 12.0
    static let titleFontSize = 15.0

    static func width(_ text: String, fontSize: Double = fontSize) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// How many characters fit in `width` pixels at the body font size.
    static func characters(fitting width: Double) -> Int {
        Int(width / (fontSize * 0.6))
    }
}
