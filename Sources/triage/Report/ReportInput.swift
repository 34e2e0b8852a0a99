import Foundation
import TriageCore

/// One file given to `triage report`, recognised by its members: a `triage eval --json`
/// result, a `triage eval --cascade --json` result, a `triage simulate --json` result or a
/// `triage replay --json` result. Each names the command that made it.
enum ReportInput {
    case evaluation(EvaluationReport, command: String?, path: String)
    case cascade(CascadeEvaluationOutput, command: String?, path: String)
    case simulation([String: Any], command: String?, path: String)
    case replay([String: Any], command: String?, path: String)

    /// The JSON `triage eval --cascade --json` prints.
    struct CascadeEvaluationOutput: Decodable {
        var all: CascadeSummary
        var tasks: [String: CascadeSummary]
    }

    static func read(_ path: String) throws -> ReportInput {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): cannot read the file") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw CommandFailure("\(path): not a JSON object (expected the output of triage eval, simulate or replay with --json)")
        }
        let command = object["command"] as? String
        do {
            if object["curve"] != nil, object["baselines"] != nil {
                return .evaluation(try JSONDecoder().decode(EvaluationReport.self, from: data), command: command, path: path)
            }
            if object["all"] != nil, object["chains"] != nil {
                return .cascade(try JSONDecoder().decode(CascadeEvaluationOutput.self, from: data), command: command, path: path)
            }
        } catch let error as DecodingError {
            throw CommandFailure("\(path): \(Self.describe(error))")
        }
        if object["best_fixed_reward"] != nil { return .simulation(object, command: command, path: path) }
        if object["logged_mean_reward"] != nil { return .replay(object, command: command, path: path) }
        throw CommandFailure("\(path): not a result of triage eval, eval --cascade, simulate or replay --json (members: \(object.keys.sorted().joined(separator: ", ")))")
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}
