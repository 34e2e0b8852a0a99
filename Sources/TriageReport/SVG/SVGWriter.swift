/// Builds SVG markup element by element, escaping every attribute value and text node, so no
/// caller can forget to.
struct SVGWriter {
    typealias Attributes = [(name: String, value: String)]

    private(set) var markup = ""

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        markup += "<\(name)\(Self.render(attributes))>\n"
    }

    mutating func close(_ name: String) {
        markup += "</\(name)>\n"
    }

    /// An element without children: `<rect .../>`.
    mutating func element(_ name: String, _ attributes: Attributes = []) {
        markup += "<\(name)\(Self.render(attributes))/>\n"
    }

    /// An element holding only text: `<text ...>label</text>`.
    mutating func element(_ name: String, _ attributes: Attributes = [], text: String) {
        markup += "<\(name)\(Self.render(attributes))>\(text.markupEscaped)</\(name)>\n"
    }

    private static func render(_ attributes: Attributes) -> String {
        attributes.map { " \($0.name)=\"\($0.value.markupEscaped)\"" }.joined()
    }
}

/// A pixel coordinate as attribute text.
func px(_ value: Double) -> String {
    NumberText.pixel(value)
}
