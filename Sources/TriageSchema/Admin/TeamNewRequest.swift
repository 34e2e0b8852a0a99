/// `POST /team/new`: a team whose budget and limits its keys share. Without `team_id` the
/// gateway picks one.
public struct TeamNewRequest: Sendable, Equatable, JSONRequestBody {
    public var teamID: String?
    public var settings: LimitSettingsPatch

    public init(json: JSONValue) throws(RequestValidationError) {
        let r = try FieldReader(json, path: "")
        try r.refuseUnknown(LimitSettingsPatch.memberNames(aliasKey: "team_alias") + ["team_id"])
        teamID = try r.string("team_id")
        if let id = teamID, id.isEmpty || id.count > 128 { throw .invalidValue("team_id", "must be 1 to 128 characters") }
        settings = try LimitSettingsPatch(r, aliasKey: "team_alias")
    }
}
