/// Where a value sits in a config document, written the way people point at JSON:
/// `model_groups[1].deployments[0].timeouts.ttft_ms`.
public struct ConfigPath: Sendable, Hashable {
    /// One step down into the document.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The document itself.
    public static let root = ConfigPath()

    public var isRoot: Bool { components.isEmpty }

    /// This path followed by an object key.
    public func key(_ key: String) -> ConfigPath {
        ConfigPath(components + [.key(key)])
    }

    /// This path followed by an array index.
    public func index(_ index: Int) -> ConfigPath {
        ConfigPath(components + [.index(index)])
    }

    public static func / (path: ConfigPath, key: String) -> ConfigPath { path.key(key) }
    public static func / (path: ConfigPath, index: Int) -> ConfigPath { path.index(index) }
}

extension ConfigPath: CustomStringConvertible {
    /// Dotted keys and bracketed indices; a key that is not a plain identifier (a LiteLLM group
    /// named `gpt-4o.eu`, say) is quoted in brackets so the path stays unambiguous.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key) where Self.isPlain(key):
                text += text.isEmpty ? key : "." + key
            case .key(let key):
                text += "[\"\(key)\"]"
            }
        }
        return text
    }

    private static func isPlain(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "_" || $0 == "-" || $0 == "/"
        }
    }
}

extension ConfigPath: ExpressibleByStringLiteral {
    /// A path written as dotted keys with optional `[n]` indices, for tests and tables.
    public init(stringLiteral text: String) {
        var components: [Component] = []
        for part in text.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    let inner = rest[rest.index(after: rest.startIndex)..<close]
                    if let i = Int(inner) {
                        components.append(.index(i))
                    } else {
                        components.append(.key(inner.trimmingQuotes()))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.init(components)
    }
}

extension Substring {
    fileprivate func trimmingQuotes() -> String {
        var s = self
        if s.hasPrefix("\"") { s = s.dropFirst() }
        if s.hasSuffix("\"") { s = s.dropLast() }
        return String(s)
    }
}
