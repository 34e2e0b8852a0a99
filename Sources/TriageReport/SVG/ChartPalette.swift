/// Series colours: the Okabe–Ito palette, told apart by people with the common colour-vision
/// deficiencies. Yellow and black come last: yellow is faint on white, black reads as an axis.
/// Past eight series the colours repeat.
enum ChartPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    static let text = "#222222"
    static let mutedText = "#555555"
    static let axis = "#888888"
    static let grid = "#E6E6E6"
    static let marker = "#444444"

    /// The caller's colour when it is a safe CSS colour, else the palette's colour for `index`.
    static func color(for index: Int, override: String?) -> String {
        if let override, isSafeColor(override) { return override }
        return colors[index % colors.count]
    }

    /// A hex colour or a bare colour name: nothing that could carry `url(...)` or markup.
    static func isSafeColor(_ color: String) -> Bool {
        let scalars = Array(color.unicodeScalars)
        if scalars.first == "#" {
            return [4, 5, 7, 9].contains(scalars.count) && scalars.dropFirst().allSatisfy(\.properties.isASCIIHexDigit)
        }
        return (1...30).contains(scalars.count) && scalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
    }
}
