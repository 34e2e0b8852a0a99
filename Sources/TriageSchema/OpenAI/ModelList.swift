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
        /// A group's deployments and the price each is billed at (`triage.deployments`): what
        /// a client is charged, and whether the price is the config's or the shipped table's.
        public var deployments: [DeploymentPrice]?

        /// A model entry.
        public init(id: String, created: Int, ownedBy: String, deployments: [DeploymentPrice]? = nil) {
            self.id = id
            self.created = created
            self.ownedBy = ownedBy
            self.deployments = deployments
        }
    }

    /// One deployment's price as `/v1/models` shows it.
    public struct DeploymentPrice: Sendable, Hashable, Codable {
        public var id: String
        public var model: String
        public var inputPerMillion: Double
        public var outputPerMillion: Double
        /// `config`, `price table (OpenAI list price, 2025-08)` or `none (free)`.
        public var priceSource: String

        public init(id: String, model: String, inputPerMillion: Double, outputPerMillion: Double, priceSource: String) {
            (self.id, self.model, self.inputPerMillion, self.outputPerMillion, self.priceSource) = (id, model, inputPerMillion, outputPerMillion, priceSource)
        }

        private enum CodingKeys: String, CodingKey {
            case id, model
            case inputPerMillion = "input_per_million"
            case outputPerMillion = "output_per_million"
            case priceSource = "price_source"
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
        case id, object, created, triage
        case ownedBy = "owned_by"
    }

    private enum TriageKeys: String, CodingKey { case deployments }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            created: try c.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            ownedBy: try c.decodeIfPresent(String.self, forKey: .ownedBy) ?? "")
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? object
        if c.contains(.triage) {
            deployments = try c.nestedContainer(keyedBy: TriageKeys.self, forKey: .triage).decodeIfPresent([ModelList.DeploymentPrice].self, forKey: .deployments)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(object, forKey: .object)
        try c.encode(created, forKey: .created)
        try c.encode(ownedBy, forKey: .ownedBy)
        if let deployments {
            var t = c.nestedContainer(keyedBy: TriageKeys.self, forKey: .triage)
            try t.encode(deployments, forKey: .deployments)
        }
    }
}
