import ArgumentParser
import Foundation
import Hummingbird
import TriageGateway
import TriageSchema

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI-compatible gateway.",
        discussion: """
        Without --config the gateway serves its embedded defaults: two simulated tiers, `cheap` and \
        `frontier`, when no provider key is in the environment. SIGTERM and SIGINT stop accepting \
        connections and let in-flight requests finish.
        """
    )

    @Option(help: "A Triage JSON config (see Data/CONFIG.md); default: the embedded configuration.") var config: String?
    @Option(help: "Address to listen on (default: the config's, 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: the config's, 4000).") var port: Int?
    @Flag(help: "Use the simulated provider whatever keys the environment holds.") var simulated = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let gateway = try ConfigLoading.load(path: config, environment: environment, forceSimulated: simulated)
        let missingSecrets = gateway.secretIssues(environment: environment)
        if !missingSecrets.isEmpty {
            throw CommandFailure("the config names secrets that are not set:\n" + missingSecrets.map(\.description).joined(separator: "\n"))
        }
        let app = GatewayApplication.build(config: gateway, host: host, port: port) { port in
            StandardError.line("triage: listening on \(host ?? gateway.server.host):\(port) with \(gateway.modelGroups.count) model groups (\(gateway.modelGroups.map(\.name).joined(separator: ", ")))")
        }
        try await app.runService()
    }
}

/// Reads a config file, or the embedded defaults, and reports every problem with its path.
enum ConfigLoading {
    static func load(path: String?, environment: [String: String], forceSimulated: Bool) throws -> GatewayConfig {
        guard let path else { return GatewayConfig.defaults(environment: environment, forceSimulated: forceSimulated) }
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read config file \(path)") }
        do {
            return try GatewayConfig.decode(json: data)
        } catch {
            throw CommandFailure("\(path): invalid configuration\n\(error.description)")
        }
    }
}
