import ArgumentParser
import Foundation
import TriageCore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a router from outcome or preference data.",
        discussion: """
        Outcome formats (outcome, routellm, routerbench, llmrouter) train a quality router with one \
        head per model; preference formats (pairwise, arena), or --objective pairwise on outcomes \
        (a beats b when a was right and b wrong, tie otherwise), train a Bradley–Terry router.
        """
    )

    enum Objective: String, ExpressibleByArgument, CaseIterable { case quality, pairwise }

    @OptionGroup var source: DataOptions
    @OptionGroup var recipeOptions: RecipeOptions
    @Option(help: "Where to write the model (a .triage file).") var out: String
    @Option(help: "quality (per-model heads) or pairwise (Bradley–Terry).") var objective: Objective?
    @Option(help: "Train from the gateway's request log instead: routed requests joined with their feedback.") var fromDb: String?
    @Option(help: "With --from-db: the feedback metric that scores the answering model (values in [0, 1]).") var metric = "thumbs_up"

    func validate() throws {
        guard out.hasSuffix(".triage") else { throw ValidationError("--out must name a .triage file, got \(out)") }
        guard (fromDb == nil) != source.data.isEmpty else { throw ValidationError("give --data FILE_OR_DIR or --from-db DB") }
        if fromDb != nil, objective == .pairwise { throw ValidationError("--from-db trains a quality router; --objective pairwise does not apply") }
    }

    func run() throws {
        let recipe = recipeOptions.recipe
        if let fromDb {
            let (table, features) = try TelemetryTrainingData.load(db: fromDb, metric: metric, config: recipe.features)
            StandardError.line("training a quality router on \(table.rows.count) logged requests × \(table.models.count) models (one outcome each, from '\(metric)' feedback)")
            let metadata = TrainingMetadata(command: (["triage"] + CommandLine.arguments.dropFirst()).joined(separator: " "), sources: ["\(fromDb) (request log, \(metric))"])
            let model = RouterTraining.trainQuality(table: table, recipe: recipe, metadata: metadata, features: features,
                                                    progress: ProgressPrinter(label: "train").callAsFunction).model
            try ModelFile.save(model, to: out)
            StandardError.line("wrote \(out) (heads: \(model.heads.joined(separator: ", ")))")
            return
        }
        let preferenceOnly = source.sources.allSatisfy { $0.format == .pairwise || $0.format == .arena }
        let wantsPairwise = objective == .pairwise || preferenceOnly
        if objective == .quality && preferenceOnly {
            throw ValidationError("pairwise and arena data hold preferences; train them with --objective pairwise")
        }
        let metadata = TrainingMetadata(
            command: (["triage"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            sources: source.sources.map { "\($0.path) (\($0.format.rawValue))" }
        )
        let progress = ProgressPrinter(label: "train")
        let started = Date()
        let model: RouterModel
        if wantsPairwise {
            let pairs = try loadPairs()
            guard !pairs.isEmpty else { throw CommandFailure("no preference pairs in the data") }
            StandardError.line("training a pairwise router on \(pairs.count) comparisons")
            model = RouterTraining.trainPairwise(pairs: pairs, recipe: recipe, metadata: metadata, progress: progress.callAsFunction).model
        } else {
            let table = try source.loadOutcomes()
            StandardError.line("training a quality router on \(table.rows.count) prompts × \(table.models.count) models")
            model = RouterTraining.trainQuality(table: table, recipe: recipe, metadata: metadata, progress: progress.callAsFunction).model
        }
        try ModelFile.save(model, to: out)
        let size = Double(ModelFile.encode(model).count) / 1_048_576
        StandardError.line(String(format: "wrote %@ (%.1f MB, heads: %@) in %.1f s", out, size, model.heads.joined(separator: ", "), Date().timeIntervalSince(started)))
    }

    private func loadPairs() throws -> [PreferencePair] {
        var pairs: [PreferencePair] = []
        for s in source.sources {
            switch s.format {
            case .pairwise, .arena:
                let (part, report) = try PreferenceImporter.load(path: s.path, format: s.format, options: ImportOptions(skipBadRows: source.skipBadRows))
                StandardError.report(report, for: s.path)
                pairs += part
            default:
                let (table, report) = try OutcomeImporter.load(path: s.path, format: s.format, options: ImportOptions(skipBadRows: source.skipBadRows))
                StandardError.report(report, for: s.path)
                pairs += PairDerivation.pairs(from: table)
            }
        }
        return pairs
    }
}
