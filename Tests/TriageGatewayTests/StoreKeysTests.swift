import Foundation
import Testing
import TriageSchema
@testable import TriageGateway

/// Keys and teams in either store: every field back as written, in creation order, across a
/// restart.
@Suite struct StoreKeysTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func key(_ n: Int, team: String? = nil) -> VirtualKey {
        var metadata = JSONObject()
        metadata["owner"] = .string("ci-\(n)")
        metadata["tier"] = .integer(Int64(n))
        return VirtualKey(
            token: String(format: "%064x", n), preview: "sk-triage-…\(1000 + n)", alias: n.isMultiple(of: 2) ? "alias \(n)" : nil,
            teamID: team, models: n == 0 ? [] : ["cheap", "triage/auto"],
            budget: n.isMultiple(of: 3) ? nil : Budget(maxUSD: 2.5 * Double(n), duration: n.isMultiple(of: 2) ? BudgetDuration(parsing: "1d") : nil),
            budgetAnchor: t0.addingTimeInterval(Double(n)), limits: UsageLimits(rpm: n == 1 ? nil : 60 * n, tpm: n == 2 ? 10_000 : nil, maxParallelRequests: 3),
            expiresAt: n == 1 ? t0.addingTimeInterval(86_400.25) : nil, metadata: metadata,
            // Created out of order, and two at the same instant: the token breaks the tie.
            createdAt: t0.addingTimeInterval(Double([3, 1, 2, 1][n % 4])))
    }

    static func team(_ id: String, created: Double) -> Team {
        Team(id: id, alias: id == "search" ? "Search" : nil, models: ["cheap"], budget: Budget(maxUSD: 100, duration: BudgetDuration(parsing: "30d")),
             budgetAnchor: t0, limits: UsageLimits(rpm: 600, tpm: nil, maxParallelRequests: nil), metadata: JSONObject(),
             createdAt: t0.addingTimeInterval(created))
    }

    @Test(arguments: StoreBackend.allCases)
    func keysAndTeamsRoundTripInCreationOrder(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let keys = (0..<4).map { Self.key($0, team: $0 == 2 ? "search" : nil) }
            let teams = [Self.team("search", created: 5), Self.team("ads", created: 5), Self.team("infra", created: 1)]
            try await place.withStores { stores in
                for team in teams { try await stores.governance.insert(team) }
                for key in keys { try await stores.governance.insert(key) }
                // By creation time, then token (teams: id).
                #expect(try await stores.governance.keys() == [keys[1], keys[3], keys[2], keys[0]])
                #expect(try await stores.governance.teams() == [teams[2], teams[1], teams[0]])
                do throws(StoreError) {
                    try await stores.governance.insert(keys[0])
                    Issue.record("a second key with the same token was stored")
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
            // A restart reads back the same rows.
            let reread = try await place.withStores { stores in try await stores.governance.keys() }
            #expect(reread.sorted { $0.token < $1.token } == keys)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func updatesAndDeletesSayWhatTheyTouched(_ backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            try await place.withStores { stores in
                let store = stores.governance
                for n in 0..<3 { try await store.insert(Self.key(n)) }
                var changed = Self.key(1)
                changed.alias = "renamed"
                changed.budget = nil
                changed.limits = UsageLimits()
                changed.expiresAt = nil
                changed.models = ["frontier"]
                #expect(try await store.update(changed))
                #expect(try await store.keys().first { $0.token == changed.token } == changed)
                #expect(try await !store.update(Self.key(9)), "no such row")
                // In the order asked, each once, only those that existed.
                let tokens = [Self.key(2).token, Self.key(9).token, Self.key(0).token, Self.key(2).token]
                #expect(try await store.deleteKeys(tokens) == [Self.key(2).token, Self.key(0).token])
                #expect(try await store.keys() == [changed])
                #expect(try await store.deleteKeys([]) == [])
            }
        }
    }
}
