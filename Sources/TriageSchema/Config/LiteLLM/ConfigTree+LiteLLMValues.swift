import Foundation

/// YAML writers quote numbers often (`rpm: "100"`), and LiteLLM accepts that, so the importer
/// does too.
extension ConfigTree {
    var liteLLMNumber: Double? {
        switch self {
        case .number(let x): x
        case .string(let s): Double(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    var liteLLMInt: Int? {
        guard let x = liteLLMNumber, x.rounded() == x, abs(x) < 9e15 else { return nil }
        return Int(x)
    }

    var liteLLMString: String? {
        switch self {
        case .string(let s): s
        case .number(let x): ConfigJSONWriter.number(x)
        default: nil
        }
    }

    var liteLLMStrings: [String]? {
        switch self {
        case .array(let elements):
            let strings = elements.compactMap(\.liteLLMString)
            return strings.count == elements.count ? strings : nil
        case .string(let s):
            return [s]
        default:
            return nil
        }
    }

    /// A duration in seconds, as LiteLLM writes every timeout.
    var liteLLMSeconds: Duration? {
        guard let x = liteLLMNumber, x.isFinite, x >= 0 else { return nil }
        return .milliseconds((x * 1_000).rounded())
    }
}
