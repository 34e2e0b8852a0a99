/// Why a choice stopped. A string wrapper rather than an enum so values a provider adds later
/// still decode and pass through.
public struct FinishReason: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model finished or hit a stop sequence.
    public static let stop = FinishReason(rawValue: "stop")
    /// The output cap was reached.
    public static let length = FinishReason(rawValue: "length")
    /// The model called tools.
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// Output was withheld by a content filter or the model refused.
    public static let contentFilter = FinishReason(rawValue: "content_filter")
    /// The legacy single function call.
    public static let functionCall = FinishReason(rawValue: "function_call")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
