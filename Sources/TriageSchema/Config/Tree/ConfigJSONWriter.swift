import Foundation

/// Writes a `ConfigTree` as pretty JSON: two-space indents, keys in tree order, arrays of plain
/// values on one line (`"tags": ["eu", "fast"]`), integers without a decimal point.
///
/// Hand-written rather than `JSONSerialization` so the output keeps the tree's key order and
/// reads like the example configs, which makes `triage config import` output reviewable.
enum ConfigJSONWriter {
    static func data(_ tree: ConfigTree) -> Data {
        var text = ""
        write(tree, indent: "", into: &text)
        text += "\n"
        return Data(text.utf8)
    }

    private static func write(_ tree: ConfigTree, indent: String, into text: inout String) {
        switch tree {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let x): text += number(x)
        case .string(let s): text += quoted(s)
        case .array(let elements) where elements.isEmpty:
            text += "[]"
        case .array(let elements) where elements.allSatisfy(\.isScalar):
            text += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { text += ", " }
                write(element, indent: indent, into: &text)
            }
            text += "]"
        case .array(let elements):
            let inner = indent + "  "
            text += "[\n"
            for (i, element) in elements.enumerated() {
                text += inner
                write(element, indent: inner, into: &text)
                text += i < elements.count - 1 ? ",\n" : "\n"
            }
            text += indent + "]"
        case .object(let members) where members.isEmpty:
            text += "{}"
        case .object(let members):
            let inner = indent + "  "
            text += "{\n"
            for (i, member) in members.enumerated() {
                text += inner + quoted(member.key) + ": "
                write(member.value, indent: inner, into: &text)
                text += i < members.count - 1 ? ",\n" : "\n"
            }
            text += indent + "}"
        }
    }

    /// Integral values print as integers; others use Swift's shortest round-trip form, which is
    /// valid JSON for every finite double. Non-finite numbers cannot be written in JSON and
    /// never pass validation, so they become `null`.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension ConfigTree {
    fileprivate var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
