/// `POST /key/update`: `key` (the secret or its token) and the fields to change; `null`
/// clears a limit, an absent field stays as it was.
public struct KeyUpdateRequest: Sendable, Equatable, JSONRequestBody {
    public var key: String
    public var settings: LimitSettingsPatch
    public var teamID: String??
    public var expiresIn: BudgetDuration??

    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        try r.refuseUnknown(LimitSettingsPatch.memberNames(aliasKey: "key_alias") + ["key", "team_id", "duration"])
        key = try r.requiredString("key")
        settings = try LimitSettingsPatch(r, aliasKey: "key_alias")
        teamID = try r.nullable("team_id") { v throws(RequestValidationError) in
            guard case .string(let s) = v else { throw .invalidType("team_id", expected: "a string", got: v) }
            return s
        }
        expiresIn = try r.nullable("duration") { v throws(RequestValidationError) in try LimitSettingsPatch.duration(v, path: "duration") }
    }
}
