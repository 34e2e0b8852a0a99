/// How long a budget period lasts before its spend resets: `30s`, `15m`, `1h`, `1d`, `30d`
/// (LiteLLM's `budget_duration` spelling, so its configs and admin scripts carry over).
public struct BudgetDuration: Sendable, Hashable, CustomStringConvertible {
    public let seconds: Int

    public init?(seconds: Int) {
        guard seconds > 0 else { return nil }
        self.seconds = seconds
    }

    /// The longest duration written: 100 years. A key's expiry or a budget's reset this far
    /// out stays a four-digit year, which RFC 3339 timestamps (and so the admin API) need.
    public static let maxSeconds = 36_500 * 86_400

    /// Parses `<count><unit>` with unit s, m, h or d, at most `maxSeconds`; nil for anything else.
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
        guard !overflow, product <= Self.maxSeconds else { return nil }
        self.seconds = product
    }

    /// The shortest exact spelling: `90s` stays `90s`, `3600s` is `1h`.
    public var description: String {
        for (unit, scale) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % scale == 0 {
            return "\(seconds / scale)\(unit)"
        }
        return "\(seconds)s"
    }

    public static let syntaxHint = "a duration such as \"30s\", \"15m\", \"1h\", \"1d\" or \"30d\", at most \"36500d\""
}
