/// The `POST /v1/embeddings` response: `{object: "list", data: [{object: "embedding", index, embedding}], model, usage}`.
public struct EmbeddingResponse: Sendable, Hashable {
    /// Always `list`.
    public var object: String = "list"
    /// One vector per input, in input order.
    public var data: [Embedding]
    /// The model that embedded, as reported to the client.
    public var model: String
    /// Tokens read.
    public var usage: Usage

    /// A response.
    public init(data: [Embedding], model: String, usage: Usage) {
        self.data = data
        self.model = model
        self.usage = usage
    }

    /// One vector, in the request's input order.
    public struct Embedding: Sendable, Hashable {
        /// Always `embedding`.
        public var object: String = "embedding"
        /// Position of the input this vector embeds.
        public var index: Int
        /// The numbers.
        public var vector: Vector

        /// An embedding.
        public init(index: Int, vector: Vector) {
            self.index = index
            self.vector = vector
        }
    }

    /// The numbers, or their little-endian float32 bytes in base64 when `encoding_format` was `base64`.
    public enum Vector: Sendable, Hashable {
        case floats([Double])
        case base64(String)
    }

    /// Embedding usage has no completion side: `{prompt_tokens, total_tokens}`.
    public struct Usage: Sendable, Hashable, Codable {
        /// Tokens read.
        public var promptTokens: Int
        /// Equal to `promptTokens`.
        public var totalTokens: Int

        /// Usage with `total` defaulting to `prompt`.
        public init(promptTokens: Int, totalTokens: Int? = nil) {
            self.promptTokens = promptTokens
            self.totalTokens = totalTokens ?? promptTokens
        }

        private enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", totalTokens = "total_tokens"
        }
    }
}

extension EmbeddingResponse: WireEncodable, Decodable {
    private enum Keys: String, CodingKey { case object, data, model, usage }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            data: try c.decode([Embedding].self, forKey: .data),
            model: try c.decodeIfPresent(String.self, forKey: .model) ?? "",
            usage: try c.decodeIfPresent(Usage.self, forKey: .usage) ?? Usage(promptTokens: 0))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(object, forKey: .object)
        try c.encode(data, forKey: .data)
        try c.encode(model, forKey: .model)
        try c.encode(usage, forKey: .usage)
    }
}

extension EmbeddingResponse.Embedding: Codable {
    private enum Keys: String, CodingKey { case object, index, embedding }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let vector: EmbeddingResponse.Vector
        if let s = try? c.decode(String.self, forKey: .embedding) {
            vector = .base64(s)
        } else {
            vector = .floats(try c.decode([Double].self, forKey: .embedding))
        }
        self.init(index: try c.decodeIfPresent(Int.self, forKey: .index) ?? 0, vector: vector)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(object, forKey: .object)
        try c.encode(index, forKey: .index)
        switch vector {
        case .floats(let v): try c.encode(v, forKey: .embedding)
        case .base64(let s): try c.encode(s, forKey: .embedding)
        }
    }
}
