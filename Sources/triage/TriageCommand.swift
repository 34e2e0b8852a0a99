import ArgumentParser
import TriageCore

@main
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "A learned-routing cascade gateway for LLM traffic.",
        subcommands: [TrainCommand.self, ScoreCommand.self, EvalCommand.self, InspectCommand.self]
    )

    /// One BLAS thread for every command: training stays reproducible and scoring one prompt
    /// at a time pays no thread hand-offs.
    static func main() {
        BLAS.useSingleThread()
        main(nil)
    }
}
