/// A wire type that writes itself as compact JSON with its keys in OpenAI's order.
public protocol WireEncodable: Encodable, Sendable {
    /// The value as JSON; by default whatever `encode(to:)` writes, keys in that order.
    var jsonValue: JSONValue { get }
}

extension WireEncodable {
    /// The value as JSON through the order-keeping encoder.
    public var jsonValue: JSONValue {
        do {
            return try JSONValue(encoding: self)
        } catch {
            // The wire types only write strings, numbers and containers, which cannot fail.
            preconditionFailure("encoding \(Self.self) failed: \(error)")
        }
    }

    /// Compact UTF-8 JSON for a response body or an SSE `data:` line.
    public func jsonBytes() -> [UInt8] { jsonValue.serialized() }
}
