/// How long a budget period lasts before its spend resets: `30s`, `15m`, `1h`, `1d`, `30d`
/// (LiteLLM's `budget_duration` spelling, so its configs and admin scripts carry over).
public struct BudgetDuration: Sendable, Hashable, CustomStringConvertible {
    public let seconds: Int

    public init?(seconds: Int) {
        guard seconds > 0 else { return nil }
        self.seconds = seconds
    }

    /// Parses `<count><unit>` with unit s, m, h or d; nil for anything else.
    public init?(parsing text: String) {
        guard let unit = text.last, let count = Int(text.dropLast()), count > 0 else { return nil }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3_600
        case "d": scale = 86_400
        default: return nil
        }
        let (product, overflow) = count.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        self.seconds = product
    }

    /// The shortest exact spelling: `90s` stays `90s`, `3600s` is `1h`.
    public var description: String {
        for (unit, scale) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % scale == 0 {
            return "\(seconds / scale)\(unit)"
        }
        return "\(seconds)s"
    }

    public static let syntaxHint = "a duration such as \"30s\", \"15m\", \"1h\", \"1d\" or \"30d\""
}
