/// `POST /key/regenerate`: a new secret for a key, which keeps its token (so its budget, spend,
/// limits, team and history), with an optional `grace_period` (`"30m"`, `"24h"`, `"7d"`)
/// during which the old secret still works, so clients can be moved over without an outage.
public struct KeyRegenerateRequest: Sendable, Equatable, JSONRequestBody {
    /// The key's current secret or its token.
    public var key: String
    public var gracePeriod: BudgetDuration?

    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        try r.refuseUnknown(["key", "grace_period"])
        guard let key = try r.string("key"), !key.isEmpty else {
            throw .missing("key")
        }
        self.key = key
        if let v = r.value("grace_period") { gracePeriod = try LimitSettingsPatch.duration(v, path: "grace_period") }
    }
}
