import ArgumentParser
import Foundation
import TriageSchema

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a gateway configuration.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a config file; every problem is listed with its JSON path.")

        @Argument(help: "A Triage JSON config.") var file: String

        func run() throws {
            let config = try ConfigLoading.load(path: file, environment: ProcessInfo.processInfo.environment, forceSimulated: false)
            let deployments = config.modelGroups.reduce(0) { $0 + $1.deployments.count }
            print("\(file): valid, \(config.modelGroups.count) model groups, \(deployments) deployments")
        }
    }
}
