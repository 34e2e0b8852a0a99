import Foundation
import Hummingbird
import TriageSchema

/// The admin API for virtual keys and teams: `/key/generate|info|update|delete|list`,
/// `/team/new|info`. Guarded by `AdminKeyMiddleware` (master key only).
struct KeyAdminController: Sendable {
    let state: GatewayState
    var governance: Governance { state.governance }

    func generate(_ request: Request) async -> Response {
        let intake: RequestIntake<KeyGenerateRequest>
        switch await RequestIntake<KeyGenerateRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        do throws(AdminError) {
            let (secret, key) = try await governance.generate(intake.body)
            guard case .object(var o) = await AdminJSON.key(key, governance: governance) else { return AdminJSON.response(.null) }
            // The only time the secret leaves the gateway.
            o["key"] = .string(secret)
            return AdminJSON.response(.object(o))
        } catch {
            return AdminJSON.error(error)
        }
    }

    /// `POST /key/regenerate`: the new secret (shown once) and the key as `/key/info` shows it,
    /// with `previous_key_valid_until` when the old secret has a grace period.
    func regenerate(_ request: Request) async -> Response {
        let intake: RequestIntake<KeyRegenerateRequest>
        switch await RequestIntake<KeyRegenerateRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        do throws(AdminError) {
            let (secret, key) = try await governance.regenerate(intake.body)
            guard case .object(var o) = await AdminJSON.key(key, governance: governance) else { return AdminJSON.response(.null) }
            o["key"] = .string(secret)
            o["previous_key_valid_until"] = AdminJSON.date(key.previousValidUntil)
            return AdminJSON.response(.object(o))
        } catch {
            return AdminJSON.error(error)
        }
    }

    func info(_ request: Request) async -> Response {
        guard let reference = request.uri.queryParameters["key"].map(String.init), !reference.isEmpty else {
            return ErrorResponse.make(.invalidRequest, "Name the key: /key/info?key=<key or token>.", param: "key", requestID: nil)
        }
        guard let key = governance.findKey(reference) else {
            return ErrorResponse.make(.notFound, "No such key.", param: "key", requestID: nil)
        }
        return AdminJSON.response(.object(["key": .string(key.token), "info": await AdminJSON.key(key, governance: governance)]))
    }

    func update(_ request: Request) async -> Response {
        let intake: RequestIntake<KeyUpdateRequest>
        switch await RequestIntake<KeyUpdateRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        do throws(AdminError) {
            return AdminJSON.response(await AdminJSON.key(try await governance.update(intake.body), governance: governance))
        } catch {
            return AdminJSON.error(error)
        }
    }

    func delete(_ request: Request) async -> Response {
        let intake: RequestIntake<KeyDeleteRequest>
        switch await RequestIntake<KeyDeleteRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        do throws(AdminError) {
            let deleted = try await governance.delete(intake.body.keys)
            guard !deleted.isEmpty else { return ErrorResponse.make(.notFound, "None of these keys exists.", param: "keys", requestID: nil) }
            return AdminJSON.response(.object(["deleted_keys": .array(deleted.map(JSONValue.string))]))
        } catch {
            return AdminJSON.error(error)
        }
    }

    /// `{"keys": [token, ...], "data": [key, ...], "total_count": n}`, optionally of one team.
    func list(_ request: Request) async -> Response {
        let team = request.uri.queryParameters["team_id"].map(String.init)
        let keys = governance.keys.filter { team == nil || $0.teamID == team }
        var data: [JSONValue] = []
        for key in keys { data.append(await AdminJSON.key(key, governance: governance)) }
        return AdminJSON.response(.object([
            "keys": .array(keys.map { .string($0.token) }),
            "data": .array(data),
            "total_count": .integer(Int64(keys.count)),
        ]))
    }

    func newTeam(_ request: Request) async -> Response {
        let intake: RequestIntake<TeamNewRequest>
        switch await RequestIntake<TeamNewRequest>.read(request, state: state) {
        case .accepted(let accepted): intake = accepted
        case .rejected(let response): return response
        }
        do throws(AdminError) {
            return AdminJSON.response(await AdminJSON.team(try await governance.createTeam(intake.body), governance: governance))
        } catch {
            return AdminJSON.error(error)
        }
    }

    func teamInfo(_ request: Request) async -> Response {
        guard let id = request.uri.queryParameters["team_id"].map(String.init), !id.isEmpty else {
            return ErrorResponse.make(.invalidRequest, "Name the team: /team/info?team_id=<id>.", param: "team_id", requestID: nil)
        }
        guard let team = governance.team(id) else {
            return ErrorResponse.make(.notFound, "No team '\(id)'.", param: "team_id", requestID: nil)
        }
        var keys: [JSONValue] = []
        for key in governance.keys where key.teamID == id { keys.append(await AdminJSON.key(key, governance: governance)) }
        return AdminJSON.response(.object([
            "team_id": .string(id), "team_info": await AdminJSON.team(team, governance: governance),
            "keys": .array(keys),
        ]))
    }
}
