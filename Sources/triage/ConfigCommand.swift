import ArgumentParser
import Foundation
import TriageSchema

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a gateway configuration, or import a LiteLLM Proxy one.",
        subcommands: [Check.self, Import.self]
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

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a LiteLLM Proxy config (YAML) to Triage's JSON; lists every key it could not map.",
            discussion: "The converted config goes to --out or stdout; what was not mapped, or only approximately, goes to stderr."
        )

        @Argument(help: "A LiteLLM Proxy config (litellm_config.yaml).") var file: String
        @Option(help: "Write the Triage config here instead of stdout.") var out: String?

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CommandFailure("cannot read \(file)") }
            let tree: ConfigTree
            do {
                tree = try YAMLConfigTree.parse(text)
            } catch {
                throw CommandFailure("\(file): not valid YAML: \(error)")
            }
            let result: LiteLLMImport
            do {
                result = try LiteLLMConfigImporter().convert(tree)
            } catch {
                throw CommandFailure("\(file): cannot convert:\n\(error.description)")
            }
            let json = result.config.jsonData(style: .minimal)
            if let out {
                try json.write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                FileHandle.standardOutput.write(json + Data("\n".utf8))
            }
            let groups = result.config.modelGroups
            StandardError.line("imported \(groups.count) model groups, \(groups.reduce(0) { $0 + $1.deployments.count }) deployments from \(file)")
            if !result.unmapped.isEmpty {
                StandardError.line("not mapped (\(result.unmapped.count)):")
                for note in result.unmapped { StandardError.line("  \(note.description)") }
            }
            if !result.approximations.isEmpty {
                StandardError.line("mapped approximately (\(result.approximations.count)):")
                for note in result.approximations { StandardError.line("  \(note.description)") }
            }
        }
    }
}
