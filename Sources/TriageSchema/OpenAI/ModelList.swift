/// The `GET /v1/models` response: `{object: "list", data: [{id, object: "model", created, owned_by}]}`.
public struct ModelList: Sendable, Hashable {
    /// Always `list`.
    public var object: String = "list"
    /// The models.
    public var data: [Model]

    /// A list of models.
    public init(data: [Model]) { self.data = data }

    /// One model a client may request.
    public struct Model: Sendable, Hashable {
        /// The name clients pass as `model`.
        public var id: String
        /// Always `model`.
        public var object: String = "model"
        /// Unix seconds.
        public var created: Int
        /// Who serves it (`owned_by`).
        public var ownedBy: String

        /// A model entry.
        public init(id: String, created: Int, ownedBy: String) {
            self.id = id
            self.created = created
            self.ownedBy = ownedBy
        }
    }
}

extension ModelList: WireEncodable, Decodable {
    private enum Keys: String, CodingKey { case object, data }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        data = try c.decode([Model].self, forKey: .data)
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? object
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(object, forKey: .object)
        try c.encode(data, forKey: .data)
    }
}

extension ModelList.Model: Codable {
    private enum Keys: String, CodingKey {
        case id, object, created
        case ownedBy = "owned_by"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            created: try c.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            ownedBy: try c.decodeIfPresent(String.self, forKey: .ownedBy) ?? "")
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? object
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(object, forKey: .object)
        try c.encode(created, forKey: .created)
        try c.encode(ownedBy, forKey: .ownedBy)
    }
}
