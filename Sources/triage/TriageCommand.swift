import ArgumentParser
import TriageCore

@main
struct TriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "A learned-routing cascade gateway for LLM traffic.",
        subcommands: [ServeCommand.self, ConfigCommand.self, TrainCommand.self, TrainVerifierCommand.self, ScoreCommand.self, CalibrateCommand.self, EvalCommand.self, InspectCommand.self, SimulateCommand.self, ReplayCommand.self, KeysCommand.self, ReportCommand.self]
    )

    /// One BLAS thread for every command: training stays reproducible and scoring one prompt
    /// at a time pays no thread hand-offs.
    static func main() async {
        BLAS.useSingleThread()
        do {
            var command = try parseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
