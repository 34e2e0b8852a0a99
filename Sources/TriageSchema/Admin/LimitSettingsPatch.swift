/// The limits a virtual key or a team carries, as an admin request states them: each field
/// absent (leave it), `null` (clear it) or a value (set it). `/key/generate` and `/team/new`
/// read absent as "none"; `/key/update` leaves absent fields as they were.
public struct LimitSettingsPatch: Sendable, Equatable {
    public var alias: String??
    /// Model groups and routed models the holder may call; `[]` allows every model.
    public var models: [String]?
    public var maxBudgetUSD: Double??
    public var budgetDuration: BudgetDuration??
    public var rpm: Int??
    public var tpm: Int??
    public var maxParallelRequests: Int??
    public var metadata: JSONObject?

    public init() {}

    /// The member names this patch reads, besides the request's own.
    static func memberNames(aliasKey: String) -> [String] {
        [aliasKey, "models", "max_budget", "budget_duration", "rpm_limit", "tpm_limit", "max_parallel_requests", "metadata"]
    }

    /// LiteLLM's member names: `key_alias`/`team_alias`, `models`, `max_budget`, `budget_duration`,
    /// `rpm_limit`, `tpm_limit`, `max_parallel_requests`, `metadata`.
    init(_ r: FieldReader, aliasKey: String) throws(RequestValidationError) {
        alias = try r.nullable(aliasKey) { v throws(RequestValidationError) in
            guard case .string(let s) = v else { throw .invalidType(r.path(aliasKey), expected: "a string", got: v) }
            return s
        }
        if let list = try r.array("models") {
            models = try list.enumerated().map { i, v throws(RequestValidationError) in
                guard case .string(let s) = v, !s.isEmpty else {
                    throw .invalidType("\(r.path("models"))[\(i)]", expected: "a model name", got: v)
                }
                return s
            }
        }
        maxBudgetUSD = try r.nullable("max_budget") { v throws(RequestValidationError) in
            guard let d = v.doubleValue else { throw .invalidType(r.path("max_budget"), expected: "a number of US dollars", got: v) }
            guard d >= 0, d.isFinite else { throw .invalidValue(r.path("max_budget"), "must be at least 0") }
            return d
        }
        budgetDuration = try r.nullable("budget_duration") { v throws(RequestValidationError) in
            try Self.duration(v, path: r.path("budget_duration"))
        }
        rpm = try r.nullable("rpm_limit") { v throws(RequestValidationError) in try Self.count(v, path: r.path("rpm_limit")) }
        tpm = try r.nullable("tpm_limit") { v throws(RequestValidationError) in try Self.count(v, path: r.path("tpm_limit")) }
        maxParallelRequests = try r.nullable("max_parallel_requests") { v throws(RequestValidationError) in
            try Self.count(v, path: r.path("max_parallel_requests"))
        }
        if let v = r.object["metadata"], v != .null {
            guard case .object(let o) = v else { throw .invalidType(r.path("metadata"), expected: "an object", got: v) }
            // Guardrails in metadata are checked now, so a key never carries rules that fail at request time.
            if let rules = o["guardrails"], rules != .null {
                do throws(ConfigError) {
                    _ = try GuardrailSettings.decode(rules, at: ConfigPath([.key(r.path("metadata")), .key("guardrails")]))
                } catch {
                    throw RequestValidationError(message: "Invalid guardrails: \(error.issues.map(\.description).joined(separator: "; ")).", param: r.path("metadata.guardrails"), code: "invalid_value")
                }
            }
            metadata = o
        }
    }

    static func count(_ v: JSONValue, path: String) throws(RequestValidationError) -> Int {
        guard let i = v.intValue else { throw .invalidType(path, expected: "an integer", got: v) }
        guard i >= 1 else { throw .invalidValue(path, "must be at least 1, but got \(i)") }
        return i
    }

    static func duration(_ v: JSONValue, path: String) throws(RequestValidationError) -> BudgetDuration {
        guard case .string(let s) = v, let d = BudgetDuration(parsing: s) else {
            throw .invalidValue(path, "must be \(BudgetDuration.syntaxHint)")
        }
        return d
    }
}

extension FieldReader {
    /// Absent → nil; `null` → `.some(nil)`; a value → `.some(read(value))`.
    func nullable<T>(_ key: String, _ read: (JSONValue) throws(RequestValidationError) -> T) throws(RequestValidationError) -> T?? {
        guard let v = object[key] else { return nil }
        if v == .null { return .some(nil) }
        return .some(try read(v))
    }

    /// Refuses members outside `known`, as OpenAI refuses unknown arguments.
    func refuseUnknown(_ known: [String]) throws(RequestValidationError) {
        for key in object.keys where !known.contains(key) {
            throw RequestValidationError(message: "Unrecognized request argument supplied: '\(key)'.", param: key, code: "unknown_parameter")
        }
    }
}
