import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// Virtual keys, budgets, rate limits and the spend ledger through the real application:
/// every way a request is refused, and the money under concurrency.
@Suite struct GovernanceTests {
    static let master = "mk-governance-test"

    /// The fast simulated defaults with a master key, keys and spend in memory, on `clock`.
    static func state(_ config: GatewayConfig = GatewayTests.config(), clock: ManualWallClock = ManualWallClock()) async throws -> GatewayState {
        var c = config
        c.server.masterKey = SecretReference(parsing: master)
        return try await GatewayState(config: c, environment: [:], governance: try await Governance(path: ":memory:", clock: clock))
    }

    /// One response, kept Sendable: status, headers and the body parsed on demand.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var list: [[String: Any]] { (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [] }
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        var cost: Double { Double(headers[TriageHeaders.cost] ?? "") ?? 0 }
    }

    static func call(_ client: some TestClientProtocol, method: HTTPRequest.Method = .post, _ uri: String, key: String?, _ json: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            Answer(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }

    static func chat(_ client: some TestClientProtocol, key: String?, model: String = "cheap", maxTokens: Int = 50, prompt: String = "What is the capital of France?") async throws -> Answer {
        try await call(client, "/v1/chat/completions", key: key,
                       #"{"model":"\#(model)","max_tokens":\#(maxTokens),"messages":[{"role":"user","content":"\#(prompt)"}]}"#)
    }

    /// Creates a key with `settings` (a JSON object's members) and returns its secret.
    static func key(_ client: some TestClientProtocol, _ settings: String = "") async throws -> String {
        let answer = try await call(client, "/key/generate", key: master, "{\(settings)}")
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        return try #require(answer.json["key"] as? String)
    }

    /// What one `cheap` chat request from `chat` reserves: its body's bytes as prompt tokens
    /// and `max_tokens` of output, at the simulated cheap tier's prices.
    static func cheapWorstCase(maxTokens: Int = 50, prompt: String = "What is the capital of France?") -> Double {
        let body = #"{"model":"cheap","max_tokens":\#(maxTokens),"messages":[{"role":"user","content":"\#(prompt)"}]}"#
        return Price(inputPerMillion: 0.15, outputPerMillion: 0.60).cost(inputTokens: body.utf8.count, outputTokens: maxTokens)
    }

    // MARK: Denials

    @Test func requestsWithoutAValidKeyAreRefused() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            for key in [nil, "wrong", "sk-triage-notarealkeyatall"] {
                let answer = try await Self.chat(client, key: key)
                #expect(answer.status == 401, "\(key ?? "no key")")
                #expect(answer.error["type"] as? String == "authentication_error")
                #expect(answer.error["code"] as? String == "invalid_api_key")
                #expect(!(answer.error["message"] as? String ?? "").contains("sk-triage-notarealkey"), "a refusal never echoes the key")
            }
            #expect(try await Self.chat(client, key: Self.master).status == 200, "the master key may call models")
        }
    }

    @Test func anExpiredKeyIsRefused() async throws {
        let clock = ManualWallClock()
        let app = GatewayApplication.build(state: try await Self.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""duration":"30s""#)
            #expect(try await Self.chat(client, key: key).status == 200)
            clock.advance(seconds: 31)
            let answer = try await Self.chat(client, key: key)
            #expect(answer.status == 401)
            #expect(answer.error["code"] as? String == "expired_api_key")
        }
    }

    @Test func aKeyCallsOnlyItsModelsAndItsTeamsModels() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""models":["cheap","triage/auto"]"#)
            #expect(try await Self.chat(client, key: key).status == 200)
            let refused = try await Self.chat(client, key: key, model: "frontier")
            #expect(refused.status == 403)
            #expect(refused.error["type"] as? String == "permission_error" && refused.error["code"] as? String == "model_not_allowed")
            #expect(try await Self.chat(client, key: key, model: "triage/auto").status == 200, "a routed model the key names")
            // A team's list narrows its keys' lists.
            #expect(try await Self.call(client, "/team/new", key: Self.master, #"{"team_id":"t","models":["frontier"]}"#).status == 200)
            let member = try await Self.key(client, #""team_id":"t""#)
            #expect(try await Self.chat(client, key: member, model: "frontier").status == 200)
            #expect(try await Self.chat(client, key: member, model: "cheap").status == 403)
            // A request's own fallbacks are models it asks for: no way around the list.
            let sneaky = try await Self.call(client, "/v1/chat/completions", key: key,
                                             #"{"model":"cheap","fallbacks":["frontier"],"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(sneaky.status == 403 && (sneaky.error["message"] as? String ?? "").contains("'frontier'"))
            // The model list shows what the key may call.
            let listed = try await Self.call(client, method: .get, "/v1/models", key: key)
            #expect(Set((listed.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == ["cheap", "triage/auto"])
        }
    }

    /// Under a budget, a request without max_tokens is sent with the cap its worst case
    /// assumed (else the upstream could write past the reservation); `n` multiplies it.
    @Test func aBudgetedRequestCarriesTheOutputCapItReserved() async throws {
        var config = GatewayTests.config()
        config.governance.defaultMaxOutputTokens = 20
        let app = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await app.test(.router) { client in
            let free = try await Self.key(client)
            let budgeted = try await Self.key(client, #""max_budget":1"#)
            let body = #"{"model":"cheap","messages":[{"role":"user","content":"Tell me about rivers."}]}"#
            let unbounded = try await Self.call(client, "/v1/chat/completions", key: free, body)
            let capped = try await Self.call(client, "/v1/chat/completions", key: budgeted, body)
            #expect(((unbounded.json["usage"] as? [String: Any])?["completion_tokens"] as? Int ?? 0) > 20, "the simulated tier writes 200")
            #expect((capped.json["usage"] as? [String: Any])?["completion_tokens"] as? Int == 20)
            let logs = try await Self.call(client, method: .get, "/spend/logs?api_key=\(budgeted)", key: Self.master)
            let reserved = try #require(logs.list.first?["reserved"] as? Double)
            let bound = Price(inputPerMillion: 0.15, outputPerMillion: 0.60).cost(inputTokens: body.utf8.count, outputTokens: 20)
            #expect(abs(reserved - bound) < 1e-15, "reserved \(reserved), bound \(bound)")
            let three = try await Self.call(client, "/v1/chat/completions", key: budgeted,
                                            #"{"model":"cheap","n":3,"max_tokens":10,"messages":[{"role":"user","content":"Tell me about rivers."}]}"#)
            #expect(three.status == 200)
            let logs3 = try await Self.call(client, method: .get, "/spend/logs?api_key=\(budgeted)", key: Self.master)
            let body3 = #"{"model":"cheap","n":3,"max_tokens":10,"messages":[{"role":"user","content":"Tell me about rivers."}]}"#
            let bound3 = Price(inputPerMillion: 0.15, outputPerMillion: 0.60).cost(inputTokens: body3.utf8.count, outputTokens: 30)
            // (The test clock stands still: both rows share a time, so find the row by its request id.)
            let id3 = try #require(three.headers[TriageHeaders.requestID])
            let row3 = try #require(logs3.list.first { $0["request_id"] as? String == id3 })
            #expect(abs((row3["reserved"] as? Double ?? 0) - bound3) < 1e-15)
        }
    }

    /// A key reports feedback on its own requests only.
    @Test func feedbackFromAKeyIsForItsOwnRequests() async throws {
        let path = TemporaryDatabase.path("fb")
        defer { TemporaryDatabase.remove(path) }
        var config = GatewayTests.config()
        config.server.masterKey = SecretReference(parsing: Self.master)
        config.telemetry.path = path
        config.telemetry.flushInterval = .milliseconds(5)
        let store = try SQLiteTelemetryStore(path: path, settings: TelemetryStoreSettings(config.telemetry))
        defer { store.close() }
        let state = try await GatewayState(config: config, environment: [:], telemetry: store)
        try await GatewayApplication.build(state: state, port: 0, telemetry: store).test(.router) { client in
            let a = try await Self.key(client)
            let b = try await Self.key(client)
            let answer = try await Self.chat(client, key: a)
            let id = try #require(answer.headers[TriageHeaders.requestID])
            store.flush()
            let feedback = #"{"request_id":"\#(id)","metric":"thumbs_up","value":true}"#
            #expect(try await Self.call(client, "/v1/feedback", key: b, feedback).status == 404, "not b's request")
            #expect(try await Self.call(client, "/v1/feedback", key: a, feedback).status == 200)
            #expect(try await Self.call(client, "/v1/feedback", key: Self.master, feedback).status == 200, "the master key may")
        }
    }

    @Test func aBudgetRefusalSaysWhichBudgetAndWhenItResets() async throws {
        let clock = ManualWallClock()
        let app = GatewayApplication.build(state: try await Self.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            // Half of one worst case: nothing fits.
            let key = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase() / 2),"budget_duration":"1h","key_alias":"tiny""#)
            let answer = try await Self.chat(client, key: key)
            #expect(answer.status == 429)
            #expect(answer.error["type"] as? String == "budget_exceeded" && answer.error["code"] as? String == "budget_exceeded")
            let message = answer.error["message"] as? String ?? ""
            #expect(message.contains("Budget exceeded for the key") && message.contains("resets at"), "\(message)")
            #expect(answer.headers[TriageHeaders.shouldRetry] == "false", "the SDK must not retry a spent budget")
            let metrics = try await Self.call(client, method: .get, "/metrics", key: nil)
            #expect(String(decoding: metrics.body, as: UTF8.self).contains(#"triage_governance_denials_total{reason="budget"} 1"#))
        }
    }

    /// Requests per minute, then tokens per minute, then parallel requests.
    @Test func rateLimitsRefuseWithRetryAfterAndOpenAIHeaders() async throws {
        let clock = ManualWallClock()
        let app = GatewayApplication.build(state: try await Self.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""rpm_limit":2"#)
            let first = try await Self.chat(client, key: key)
            #expect(first.status == 200)
            #expect(first.headers[HTTPField.Name("x-ratelimit-limit-requests")!] == "2")
            #expect(first.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == "1")
            #expect(first.headers[HTTPField.Name("x-ratelimit-reset-requests")!] == "1m0s")
            clock.advance(seconds: 15)
            #expect(try await Self.chat(client, key: key).status == 200)
            let refused = try await Self.chat(client, key: key)
            #expect(refused.status == 429 && refused.error["type"] as? String == "rate_limit_error")
            #expect(refused.headers[TriageHeaders.retryAfter] == "45", "the first request leaves the window in 45 s")
            #expect(refused.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == "0")
            clock.advance(seconds: 46)
            #expect(try await Self.chat(client, key: key).status == 200, "the window moved on")

            // Tokens: the estimate (prompt + max_tokens) must fit what is left of the minute.
            let tokens = try await Self.key(client, #""tpm_limit":120"#)
            let used = try await Self.chat(client, key: tokens, maxTokens: 100)
            #expect(used.status == 200)
            #expect(used.headers[HTTPField.Name("x-ratelimit-limit-tokens")!] == "120")
            let tooMany = try await Self.chat(client, key: tokens, maxTokens: 100)
            #expect(tooMany.status == 429 && (tooMany.error["message"] as? String ?? "").contains("tokens per minute"))
            #expect(Int(tooMany.headers[TriageHeaders.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test func parallelRequestsBeyondTheKeysLimitAreRefused() async throws {
        var config = GatewayTests.config()
        let slow = SimulatedLatency(mean: .milliseconds(600), standardDeviation: .zero)
        for d in config.modelGroups[0].deployments.indices {
            guard case var .sim(s) = config.modelGroups[0].deployments[d].provider else { continue }
            s.latency = slow
            config.modelGroups[0].deployments[d].provider = .sim(s)
        }
        let app = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""max_parallel_requests":1"#)
            async let running = Self.chat(client, key: key)
            try await Task.sleep(for: .milliseconds(200))
            let refused = try await Self.chat(client, key: key)
            #expect(refused.status == 429 && (refused.error["message"] as? String ?? "").contains("parallel"))
            #expect(try await running.status == 200)
            #expect(try await Self.chat(client, key: key).status == 200, "the slot is free again")
        }
    }

    @Test func theAdminAPIRefusesVirtualKeysAndStrangers() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client)
            for (method, uri) in [(HTTPRequest.Method.post, "/key/generate"), (.get, "/key/list"), (.get, "/spend/report?group_by=key"),
                                  (.get, "/spend/logs"), (.post, "/team/new")] {
                let withVirtual = try await Self.call(client, method: method, uri, key: key, "{}")
                #expect(withVirtual.status == 403, "\(uri) with a virtual key")
                #expect(try await Self.call(client, method: method, uri, key: nil, "{}").status == 401, "\(uri) without a key")
                #expect(try await Self.call(client, method: method, uri, key: "guess", "{}").status == 401, "\(uri) with a wrong key")
            }
        }
        // Without a master key the admin API is off for everyone.
        let open = GatewayApplication.build(
            state: try await GatewayState(config: GatewayTests.config(), environment: [:], governance: try await Governance(path: ":memory:")), port: 0)
        try await open.test(.router) { client in
            let answer = try await Self.call(client, "/key/generate", key: nil, "{}")
            #expect(answer.status == 403 && (answer.error["message"] as? String ?? "").contains("TRIAGE_MASTER_KEY"))
        }
    }

    @Test func adminRequestsAreValidated() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            for (body, param) in [(#"{"max_budget":-1}"#, "max_budget"), (#"{"budget_duration":"1w","max_budget":1}"#, "budget_duration"),
                                  (#"{"rpm_limit":0}"#, "rpm_limit"), (#"{"team_id":"nope"}"#, "team_id"), (#"{"modles":["x"]}"#, "modles")] {
                let answer = try await Self.call(client, "/key/generate", key: Self.master, body)
                #expect(answer.status == 400 && answer.error["param"] as? String == param, "\(body): \(answer.error)")
            }
            #expect(try await Self.call(client, "/key/generate", key: Self.master, "{").status == 400)
            #expect(try await Self.call(client, method: .get, "/key/info?key=sk-triage-none", key: Self.master).status == 404)
            #expect(try await Self.call(client, "/key/delete", key: Self.master, #"{"keys":["nope"]}"#).status == 404)
            #expect(try await Self.call(client, "/team/new", key: Self.master, #"{"team_id":"a"}"#).status == 200)
            #expect(try await Self.call(client, "/team/new", key: Self.master, #"{"team_id":"a"}"#).status == 409)
            #expect(try await Self.call(client, method: .get, "/spend/report?group_by=week", key: Self.master).status == 400)
            #expect(try await Self.call(client, method: .get, "/spend/logs?start_date=yesterday", key: Self.master).status == 400)
        }
    }

    // MARK: Keys

    @Test func keysAreUpdatedListedAndRevoked() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let secret = try await Self.key(client, #""key_alias":"ci","metadata":{"owner":"search"}"#)
            let info = try await Self.call(client, method: .get, "/key/info?key=\(secret)", key: Self.master)
            let token = try #require(info.json["key"] as? String)
            #expect(token.count == 64 && !String(decoding: info.body, as: UTF8.self).contains(secret), "the secret is shown once, at creation")
            let updated = try await Self.call(client, "/key/update", key: Self.master, #"{"key":"\#(token)","rpm_limit":7,"key_alias":null}"#)
            #expect(updated.status == 200 && updated.json["rpm_limit"] as? Int == 7 && updated.json["key_alias"] is NSNull)
            #expect((updated.json["metadata"] as? [String: Any])?["owner"] as? String == "search", "untouched fields stay")
            let list = try await Self.call(client, method: .get, "/key/list", key: Self.master)
            #expect(list.json["keys"] as? [String] == [token] && list.json["total_count"] as? Int == 1)
            #expect(try await Self.call(client, "/key/delete", key: Self.master, #"{"keys":["\#(secret)"]}"#).json["deleted_keys"] as? [String] == [token])
            #expect(try await Self.chat(client, key: secret).status == 401, "a revoked key stops at once")
        }
    }

    /// The store holds digests: the secret appears nowhere in the file.
    @Test func keysAreStoredOnlyAsDigests() async throws {
        let path = TemporaryDatabase.path("keys")
        defer { TemporaryDatabase.remove(path) }
        var config = GatewayTests.config()
        config.server.masterKey = SecretReference(parsing: Self.master)
        let state = try await GatewayState(config: config, environment: [:], governance: try await Governance(path: path))
        let secret: String = try await GatewayApplication.build(state: state, port: 0).test(.router) { client in
            let secret = try await Self.key(client)
            #expect(try await Self.chat(client, key: secret).status == 200)
            return secret
        }
        var bytes = Data()
        for suffix in ["", "-wal"] { bytes.append(FileManager.default.contents(atPath: path + suffix) ?? Data()) }
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data(secret.dropFirst(10).utf8)) == nil)
        #expect(bytes.range(of: Data(SHA256Hex.of(secret).utf8)) != nil, "the digest is what is kept")
    }

    // MARK: Money

    /// 200 requests at once against a budget of 40 worst cases: spend never passes the budget,
    /// and requests keep being admitted until less than one worst case is left.
    @Test func concurrentRequestsNeverOverspendAndUseTheBudget() async throws {
        let clock = ManualWallClock()
        let worst = Self.cheapWorstCase()
        let budget = 40 * worst
        let app = GatewayApplication.build(state: try await Self.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""max_budget":\#(budget),"budget_duration":"1d""#)
            let answers = try await withThrowingTaskGroup(of: Answer.self) { tasks in
                for _ in 0..<200 { tasks.addTask { try await Self.chat(client, key: key) } }
                return try await tasks.reduce(into: [Answer]()) { $0.append($1) }
            }
            let served = answers.filter { $0.status == 200 }
            let refused = answers.filter { $0.status == 429 }
            #expect(served.count + refused.count == 200)
            #expect(refused.allSatisfy { $0.error["type"] as? String == "budget_exceeded" })
            let billed = served.reduce(0) { $0 + $1.cost }
            #expect(billed <= budget + 1e-12, "spent \(billed) of \(budget)")
            #expect(budget - billed < worst, "left \(budget - billed), one worst case is \(worst)")
            #expect(billed / budget >= 0.8, "utilisation \(billed / budget)")
            let info = try await Self.call(client, method: .get, "/key/info?key=\(key)", key: Self.master)
            let spend = try #require((info.json["info"] as? [String: Any])?["spend"] as? Double)
            #expect(abs(spend - billed) < 1e-12, "the budget's spend is what the responses said")
            #expect((info.json["info"] as? [String: Any])?["reserved"] as? Double == 0)
        }
    }

    /// 200 requests at once against 25 requests per minute: exactly 25 get through.
    @Test func concurrentRequestsNeverExceedTheRPM() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""rpm_limit":25"#)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                for _ in 0..<200 { tasks.addTask { try await Self.chat(client, key: key).status } }
                return try await tasks.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count { $0 == 200 } == 25)
            #expect(statuses.count { $0 == 429 } == 175)
        }
    }

    @Test func aBudgetResetsAtTheEndOfItsPeriod() async throws {
        let clock = ManualWallClock()
        let app = GatewayApplication.build(state: try await Self.state(clock: clock), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase() * 2.5),"budget_duration":"1h""#)
            var served = 0
            while try await Self.chat(client, key: key).status == 200 { served += 1 }
            #expect(served >= 2, "at least two worst cases fit")
            clock.advance(seconds: 3_599)
            #expect(try await Self.chat(client, key: key).status == 429, "still the same period")
            clock.advance(seconds: 1)
            #expect(try await Self.chat(client, key: key).status == 200, "a new period starts with nothing spent")
        }
    }

    @Test func teamMembersShareTheTeamsBudget() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let created = try await Self.call(client, "/team/new", key: Self.master, #"{"team_alias":"search","max_budget":\#(Self.cheapWorstCase() * 3.5)}"#)
            let team = try #require(created.json["team_id"] as? String)
            let a = try await Self.key(client, #""team_id":"\#(team)""#)
            let b = try await Self.key(client, #""team_id":"\#(team)""#)
            var served = 0
            for i in 0..<10 where try await Self.chat(client, key: i.isMultiple(of: 2) ? a : b).status == 200 { served += 1 }
            #expect(served >= 3 && served < 10)
            let refused = try await Self.chat(client, key: a)
            #expect((refused.error["message"] as? String ?? "").contains("the team '\(team)'"))
            let info = try await Self.call(client, method: .get, "/team/info?team_id=\(team)", key: Self.master)
            #expect((info.json["keys"] as? [Any])?.count == 2)
            #expect(((info.json["team_info"] as? [String: Any])?["spend"] as? Double ?? 0) > 0)
        }
    }

    /// The gateway's budget and a model group's, from the config, and a team's rate limit
    /// shared by its keys.
    @Test func configBudgetsAndTeamLimitsApplyToEveryone() async throws {
        var config = GatewayTests.config()
        let worst = Self.cheapWorstCase()
        // frontier's worst case is about 17 times cheap's: its budget holds none of them.
        config.governance.modelBudgets = [ModelBudget(model: "frontier", budget: Budget(maxUSD: worst * 2, duration: BudgetDuration(parsing: "1d")))]
        let modelOnly = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await modelOnly.test(.router) { client in
            let frontier = try await Self.chat(client, key: Self.master, model: "frontier")
            #expect(frontier.status == 429 && (frontier.error["message"] as? String ?? "").contains("the model 'frontier'"), "\(frontier.error)")
            #expect(try await Self.chat(client, key: Self.master, model: "cheap").status == 200, "other models are not limited")
        }
        config.governance.budget = Budget(maxUSD: worst * 3.5, duration: BudgetDuration(parsing: "30d"))
        let app = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await app.test(.router) { client in
            var served = 0
            while try await Self.chat(client, key: Self.master).status == 200 { served += 1 }
            #expect(served >= 3, "three worst cases fit the gateway's budget")
            let refused = try await Self.chat(client, key: Self.master)
            #expect((refused.error["message"] as? String ?? "").contains("the gateway"))
            let metrics = String(decoding: try await Self.call(client, method: .get, "/metrics", key: nil).body, as: UTF8.self)
            #expect(metrics.contains(#"triage_budget_spent_usd{scope="gateway"}"#))
        }
        let teams = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await teams.test(.router) { client in
            #expect(try await Self.call(client, "/team/new", key: Self.master, #"{"team_id":"t","rpm_limit":3}"#).status == 200)
            let a = try await Self.key(client, #""team_id":"t""#)
            let b = try await Self.key(client, #""team_id":"t""#)
            var statuses: [Int] = []
            for key in [a, b, a, b] { statuses.append(try await Self.chat(client, key: key).status) }
            #expect(statuses == [200, 200, 200, 429], "the team's three requests a minute, whichever key")
        }
    }

    /// The report's totals, by any grouping, equal the sum of the request rows, which equal
    /// what the responses said they cost, cascades and embeddings included.
    @Test func theLedgerAddsUp() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            let a = try await Self.key(client)
            let b = try await Self.key(client)
            var billed = 0.0
            for (key, model) in [(a, "cheap"), (a, "frontier"), (b, "triage/cascade"), (b, "triage/auto"), (Self.master, "cheap")] {
                let answer = try await Self.chat(client, key: key, model: model)
                #expect(answer.status == 200)
                billed += answer.cost
            }
            let embedded = try await Self.call(client, "/v1/embeddings", key: a, #"{"model":"embeddings","input":"hello there"}"#)
            #expect(embedded.status == 200)
            billed += embedded.cost
            let logs = try await Self.call(client, method: .get, "/spend/logs", key: Self.master)
            #expect(logs.list.count == 6)
            let rows = logs.list.reduce(0) { $0 + ($1["spend"] as? Double ?? 0) }
            #expect(abs(rows - billed) < 1e-12, "rows \(rows), responses \(billed)")
            for grouping in ["key", "team", "model", "day"] {
                let report = try await Self.call(client, method: .get, "/spend/report?group_by=\(grouping)", key: Self.master)
                let total = try #require(report.json["total_spend"] as? Double)
                #expect(abs(total - rows) < 1e-12, "\(grouping): \(total) vs \(rows)")
            }
            let byKey = try await Self.call(client, method: .get, "/spend/logs?api_key=\(a)", key: Self.master)
            #expect(byKey.list.count == 3)
        }
    }

    /// A cascade whose next tier's worst case does not fit is not sent there: the cheap
    /// answer is served (accepted, or salvaged when the verifier doubted it).
    @Test func aCascadeDoesNotClimbToATierItCannotPayFor() async throws {
        let app = GatewayApplication.build(state: try await Self.state(), port: 0)
        try await app.test(.router) { client in
            // Room for the cheap tier's worst case, not the frontier's (about 17 times dearer).
            let key = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase(maxTokens: 50) * 3)"#)
            let answer = try await Self.chat(client, key: key, model: "triage/cascade", prompt: "Prove that there are infinitely many primes, step by step.")
            #expect(answer.status == 200)
            let cascade = answer.headers[TriageHeaders.cascade] ?? ""
            #expect(!cascade.contains("frontier;final"), "\(cascade)")
            #expect(answer.headers[TriageHeaders.model] == "sim-cheap")
            if cascade.contains("escalated") || cascade.contains("salvaged") {
                #expect(cascade.contains("frontier;failed"), "\(cascade)")
            }
            let logs = try await Self.call(client, method: .get, "/spend/logs", key: Self.master)
            #expect(abs((logs.list.first?["spend"] as? Double ?? 0) - answer.cost) < 1e-12)
        }
    }

    /// Retries are attempts too. An attempt cut off mid-call may have been billed, so its
    /// reservation stands; with room for one and a half worst cases, the retry is not sent.
    @Test func aRetryThatCannotBeReservedIsNotSent() async throws {
        var config = GatewayTests.config(faults: SimulatedFaults(connectionReset: 1.0))
        config.modelGroups[0].retry = RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .milliseconds(1), max: .milliseconds(2)))
        let app = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await app.test(.router) { client in
            let key = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase() * 1.5)"#)
            let answer = try await Self.chat(client, key: key)
            #expect(answer.status == 429 && answer.error["type"] as? String == "budget_exceeded", "the budget is what stopped it")
            let message = answer.error["message"] as? String ?? ""
            #expect(message.contains("(1 attempt)") && message.contains("no further attempt was sent"), "\(message)")
        }
        // An upstream that answers with an error billed nothing: its reservation is given back
        // and the retries go out.
        var failing = GatewayTests.config(faults: SimulatedFaults(serverError: 1.0))
        failing.modelGroups[0].retry = RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .milliseconds(1), max: .milliseconds(2)))
        let again = GatewayApplication.build(state: try await Self.state(failing), port: 0)
        try await again.test(.router) { client in
            let key = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase() * 1.5)"#)
            let message = try await Self.chat(client, key: key).error["message"] as? String ?? ""
            #expect(message.components(separatedBy: "sim-cheap: upstream 500").count - 1 >= 2, "retried: \(message)")
        }
    }

    /// A hedge is another billed call: when its worst case does not fit, it is not sent.
    @Test func aHedgeThatCannotBeReservedIsNotSent() async throws {
        var config = GatewayTests.config()
        let slow = Deployment(id: "h-slow", model: "sim-h", provider: .sim(SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(300), standardDeviation: .zero), ttft: .zero, tokensPerSecond: 20_000, outputTokens: 8)),
            price: Price(inputPerMillion: 0.15, outputPerMillion: 0.60))
        var fast = slow
        fast.id = "h-fast"
        fast.priority = 1
        config.modelGroups.append(ModelGroup(name: "hedged", deployments: [slow, fast], strategy: .priority,
                                             hedging: .afterDelay(.milliseconds(20), maxHedges: 1)))
        let app = GatewayApplication.build(state: try await Self.state(config), port: 0)
        try await app.test(.router) { client in
            let roomy = try await Self.key(client)
            #expect(try await Self.chat(client, key: roomy, model: "hedged").headers[TriageHeaders.attempts] == "2", "without a budget the hedge goes out")
            let tight = try await Self.key(client, #""max_budget":\#(Self.cheapWorstCase() * 1.5)"#)
            let answer = try await Self.chat(client, key: tight, model: "hedged")
            #expect(answer.status == 200 && answer.headers[TriageHeaders.model] == "h-slow" && answer.headers[TriageHeaders.attempts] == "1")
        }
    }

    // MARK: Deployment limits

    @Test func aGroupAtItsLimitsFallsBackElseWaitsElseAnswers429() async throws {
        let limited = Deployment(id: "lim-1", model: "sim-lim", provider: .sim(SimulatedProviderSettings(
            latency: SimulatedLatency(mean: .milliseconds(1), standardDeviation: .zero), ttft: .zero, tokensPerSecond: 20_000, outputTokens: 8)),
            limits: DeploymentLimits(rpm: 1))
        var withFallback = GatewayTests.config()
        withFallback.modelGroups.append(ModelGroup(name: "limited", deployments: [limited], fallbacks: FallbackPolicy(rateLimit: ["cheap"])))
        let clock = ManualClock()
        let app = try await GatewayApplication.build(config: withFallback, port: 0, health: HealthRegistry(clock: clock))
        try await app.test(.router) { client in
            #expect(try await Self.chat(client, key: nil, model: "limited").headers[TriageHeaders.model] == "lim-1")
            let second = try await Self.chat(client, key: nil, model: "limited")
            #expect(second.status == 200 && second.headers[TriageHeaders.model] == "sim-cheap" && second.headers[TriageHeaders.fallbacks] == "1")
        }
        var noFallback = GatewayTests.config()
        noFallback.modelGroups.append(ModelGroup(name: "limited", deployments: [limited]))
        let clock2 = ManualClock()
        let plain = try await GatewayApplication.build(config: noFallback, port: 0, health: HealthRegistry(clock: clock2))
        try await plain.test(.router) { client in
            #expect(try await Self.chat(client, key: nil, model: "limited").status == 200)
            clock2.advance(by: .seconds(20))
            let refused = try await Self.chat(client, key: nil, model: "limited")
            #expect(refused.status == 429 && refused.error["type"] as? String == "rate_limit_error")
            #expect(refused.headers[TriageHeaders.retryAfter] == "40", "the minute's only request leaves the window in 40 s")
        }
        var queued = GatewayTests.config()
        queued.modelGroups.append(ModelGroup(name: "limited", deployments: [limited], queueTimeout: .seconds(90)))
        let clock3 = ManualClock()
        let waiting = try await GatewayApplication.build(config: queued, port: 0, health: HealthRegistry(clock: clock3))
        try await waiting.test(.router) { client in
            #expect(try await Self.chat(client, key: nil, model: "limited").status == 200)
            let later = try await Self.chat(client, key: nil, model: "limited")
            #expect(later.status == 200 && later.headers[TriageHeaders.model] == "lim-1", "it waited for the window (the test clock's sleeps are instant)")
            #expect(clock3.sleeps.contains { $0 >= .seconds(59) })
        }
    }
}

/// The digest the store keeps, computed the test's own way (CryptoKit-free, via the gateway's).
enum SHA256Hex {
    static func of(_ secret: String) -> String { Governance.token(of: secret) }
}
