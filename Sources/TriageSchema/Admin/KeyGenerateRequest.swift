/// `POST /key/generate`: a new virtual key and its limits (LiteLLM's body, so its admin scripts
/// carry over). `duration` is how long until the key expires.
public struct KeyGenerateRequest: Sendable, Equatable, JSONRequestBody {
    public var settings: LimitSettingsPatch
    public var teamID: String?
    public var expiresIn: BudgetDuration?

    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        try r.refuseUnknown(LimitSettingsPatch.memberNames(aliasKey: "key_alias") + ["team_id", "duration"])
        settings = try LimitSettingsPatch(r, aliasKey: "key_alias")
        teamID = try r.string("team_id")
        if let v = r.value("duration") { expiresIn = try LimitSettingsPatch.duration(v, path: "duration") }
    }
}
