import Foundation
import Hummingbird
import HummingbirdCore
import TriageSchema

/// `GET /spend/logs` (one row per request, newest first) and `GET /spend/report` (totals by key,
/// team, model or day). Both read the ledger, whose request rows sum to exactly what was billed.
struct SpendController: Sendable {
    let state: GatewayState

    /// `?start_date&end_date&api_key&team_id&limit` (limit 1–10,000, default 1,000).
    func logs(_ request: Request) async -> Response {
        let q = request.uri.queryParameters
        let range: (Date?, Date?)
        switch Self.range(q) {
        case .success(let r): range = r
        case .failure(let response): return response.response
        }
        let limitText = q["limit"].map(String.init) ?? "1000"
        guard let limit = Int(limitText), (1...10_000).contains(limit) else {
            return ErrorResponse.make(.invalidRequest, "limit must be an integer from 1 to 10000, not '\(limitText)'.", param: "limit", requestID: nil)
        }
        let key = q["api_key"].map(String.init).map { $0.hasPrefix("sk-triage-") ? SHA256.hex($0) : $0 }
        do throws(StoreError) {
            let rows = try await state.governance.spendLogs(from: range.0, to: range.1, keyToken: key, teamID: q["team_id"].map(String.init), limit: limit)
            return AdminJSON.response(.array(rows.map(Self.json)))
        } catch {
            return ErrorResponse.make(.internalError, "The spend ledger could not be read: \(error)", requestID: nil)
        }
    }

    /// `?group_by=key|team|model|day&start_date&end_date` (also `start`, `end`).
    func report(_ request: Request) async -> Response {
        let q = request.uri.queryParameters
        let text = q["group_by"].map(String.init) ?? ""
        guard let grouping = SpendGrouping(rawValue: text) else {
            return ErrorResponse.make(.invalidRequest, "group_by must be key, team, model or day, not '\(text)'.", param: "group_by", requestID: nil)
        }
        let range: (Date?, Date?)
        switch Self.range(q) {
        case .success(let r): range = r
        case .failure(let response): return response.response
        }
        do throws(StoreError) {
            let rows = try await state.governance.spendReport(grouping, from: range.0, to: range.1)
            let total = rows.reduce(0) { $0 + $1.spendUSD }
            return AdminJSON.response(.object([
                "group_by": .string(grouping.rawValue),
                "start": AdminJSON.date(range.0), "end": AdminJSON.date(range.1),
                "total_spend": .number(total),
                "rows": .array(rows.map { row in
                    .object([
                        grouping.rawValue: AdminJSON.text(row.group), "spend": .number(row.spendUSD), "requests": .integer(Int64(row.requests)),
                        "prompt_tokens": .integer(Int64(row.promptTokens)), "completion_tokens": .integer(Int64(row.completionTokens)),
                    ])
                }),
            ]))
        } catch {
            return ErrorResponse.make(.internalError, "The spend ledger could not be read: \(error)", requestID: nil)
        }
    }

    static func json(_ row: SpendRequestRow) -> JSONValue {
        .object([
            "request_id": .string(row.requestID), "start_time": AdminJSON.date(row.time), "api_key": AdminJSON.text(row.keyToken),
            "team_id": AdminJSON.text(row.teamID), "model": .string(row.model), "status": row.status.map { .integer(Int64($0)) } ?? .null,
            "state": .string(row.state.rawValue), "spend": .number(row.costUSD), "reserved": .number(row.reservedUSD),
            "prompt_tokens": .integer(Int64(row.promptTokens)), "completion_tokens": .integer(Int64(row.completionTokens)),
            "total_tokens": .integer(Int64(row.promptTokens + row.completionTokens)), "end_time": AdminJSON.date(row.settledAt),
        ])
    }

    struct BadQuery: Error {
        var response: Response
    }

    /// `start_date`/`start` and `end_date`/`end`: `2026-12-01` (a whole UTC day: an end date
    /// includes its day), an ISO 8601 time, or Unix seconds.
    static func range(_ q: FlatDictionary<Substring, Substring>) -> Result<(Date?, Date?), BadQuery> {
        var out: [Date?] = []
        for (names, isEnd) in [(["start_date", "start"] as [Substring], false), (["end_date", "end"], true)] {
            guard let name = names.first(where: { q[$0] != nil }), let text = q[name].map(String.init) else {
                out.append(nil)
                continue
            }
            guard let date = TimeArgument.parse(text, isEnd: isEnd) else {
                return .failure(BadQuery(response: ErrorResponse.make(
                    .invalidRequest, "\(name) must be a date (2026-12-01), an ISO 8601 time or Unix seconds, not '\(text)'.", param: String(name),
                    requestID: nil)))
            }
            out.append(date)
        }
        return .success((out[0], out[1]))
    }
}
