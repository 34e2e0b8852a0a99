import ArgumentParser
import Foundation
import TriageSchema

/// `triage keys create|list|revoke`: the admin API's key endpoints from the shell.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke virtual keys on a running gateway.",
        discussion: "Talks to the gateway's admin API with the master key (--master-key or TRIAGE_MASTER_KEY).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Connection: ParsableArguments {
        @Option(help: "The gateway (default: TRIAGE_URL, else http://127.0.0.1:4000).") var url: String?
        @Option(help: "The master key (default: TRIAGE_MASTER_KEY).") var masterKey: String?

        func client() throws -> AdminClient { try AdminClient(url: url, masterKey: masterKey) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; its secret is printed once, on stdout, and never stored.")

        @OptionGroup var connection: Connection
        @Option(help: "A name for people.") var alias: String?
        @Option(help: "The team whose budget and limits it shares.") var team: String?
        @Option(help: "Models it may call, comma-separated (default: all).") var models: String?
        @Option(help: "USD it may spend per budget period.") var maxBudget: Double?
        @Option(help: "Budget period: 30s, 15m, 1h, 1d, 30d (default: the key's lifetime).") var budgetDuration: String?
        @Option(help: "Requests per minute.") var rpm: Int?
        @Option(help: "Tokens per minute.") var tpm: Int?
        @Option(help: "Requests in flight at once.") var maxParallel: Int?
        @Option(help: "Expire after this long: 30s, 1h, 30d.") var expires: String?
        @Option(help: "Metadata, a JSON object.") var metadata: String?
        @Flag(help: "Print the gateway's whole answer as JSON instead of the key alone.") var json = false

        func run() async throws {
            var body = JSONObject()
            if let alias { body["key_alias"] = .string(alias) }
            if let team { body["team_id"] = .string(team) }
            if let models {
                body["models"] = .array(models.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
            }
            if let maxBudget { body["max_budget"] = .number(maxBudget) }
            if let budgetDuration { body["budget_duration"] = .string(budgetDuration) }
            if let rpm { body["rpm_limit"] = .integer(Int64(rpm)) }
            if let tpm { body["tpm_limit"] = .integer(Int64(tpm)) }
            if let maxParallel { body["max_parallel_requests"] = .integer(Int64(maxParallel)) }
            if let expires { body["duration"] = .string(expires) }
            if let metadata {
                guard let parsed = try? JSONValue(parsing: metadata), case .object = parsed else {
                    throw ValidationError("--metadata must be a JSON object, such as '{\"owner\": \"search\"}'")
                }
                body["metadata"] = parsed
            }
            let answer = try await connection.client().send(.POST, "/key/generate", body: .object(body))
            if json {
                print(answer.jsonString)
                return
            }
            guard let key = answer.objectValue?["key"]?.stringValue else { throw CommandFailure("/key/generate: no key in the answer") }
            print(key)
            let token = answer.objectValue?["token"]?.stringValue ?? "?"
            StandardError.line("triage: created key \(answer.objectValue?["key_name"]?.stringValue ?? "") (token \(token)); the secret above is shown only this once")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: token, alias, team, models, budget, spend and limits.")

        @OptionGroup var connection: Connection
        @Option(help: "Only this team's keys.") var team: String?
        @Flag(help: "Print the gateway's answer as JSON.") var json = false

        func run() async throws {
            let query = team.map { "?team_id=" + ($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0) } ?? ""
            let answer = try await connection.client().send(.GET, "/key/list" + query)
            if json {
                print(answer.jsonString)
                return
            }
            let keys = answer.objectValue?["data"]?.arrayValue ?? []
            print(["token", "name", "alias", "team", "models", "budget", "spend", "rpm", "tpm", "parallel", "expires"].joined(separator: "\t"))
            for key in keys {
                let o = key.objectValue ?? JSONObject()
                func text(_ name: String) -> String {
                    switch o[name] {
                    case .string(let s)?: s
                    case .integer(let i)?: String(i)
                    case .number(let d)?: String(format: "%.6f", d)
                    default: "-"
                    }
                }
                let models = o["models"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? ""
                let budget = o["max_budget"]?.doubleValue.map { String(format: "%.4f", $0) + (o["budget_duration"]?.stringValue.map { "/" + $0 } ?? "") } ?? "-"
                print([String(text("token").prefix(16)), text("key_name"), text("key_alias"), text("team_id"), models.isEmpty ? "all" : models,
                       budget, text("spend"), text("rpm_limit"), text("tpm_limit"), text("max_parallel_requests"), text("expires")].joined(separator: "\t"))
            }
            StandardError.line("triage: \(keys.count) key\(keys.count == 1 ? "" : "s")")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete keys at once: the next request with one gets 401.")

        @OptionGroup var connection: Connection
        @Argument(help: "Keys, each the secret or its token.") var keys: [String]

        func run() async throws {
            let answer = try await connection.client().send(.POST, "/key/delete", body: .object(["keys": .array(keys.map(JSONValue.string))]))
            let deleted = answer.objectValue?["deleted_keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for token in deleted { print(token) }
            StandardError.line("triage: revoked \(deleted.count) of \(keys.count) key\(keys.count == 1 ? "" : "s")")
        }
    }
}
