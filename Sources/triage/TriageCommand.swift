import ArgumentParser

@main
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "A learned-routing cascade gateway for LLM traffic.",
        subcommands: []
    )
}
