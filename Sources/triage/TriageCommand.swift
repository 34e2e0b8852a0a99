import ArgumentParser
import TriageCore

@main
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "A learned-routing cascade gateway for LLM traffic.",
        subcommands: [TrainCommand.self, ScoreCommand.self, EvalCommand.self, InspectCommand.self]
    )
}
