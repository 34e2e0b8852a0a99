import Foundation
import TriageCore
import TriageSchema

/// One file given to `triage report`, recognised by its members: a `triage eval --json`
/// result, a `triage eval --cascade --json` result, a `triage simulate --json` result or a
/// `triage replay --json` result. Each names the command that made it.
public enum ReportInput: Sendable {
    case evaluation(EvaluationReport, command: String?, path: String)
    case cascade(CascadeEvaluationOutput, command: String?, path: String)
    case simulation(JSONValue, command: String?, path: String)
    case replay(JSONValue, command: String?, path: String)

    /// The JSON `triage eval --cascade --json` prints.
    public struct CascadeEvaluationOutput: Decodable, Sendable {
        public var all: CascadeSummary
        public var tasks: [String: CascadeSummary]
    }

    /// A file that is not a report input, named with the reason.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ path: String) throws(Problem) -> ReportInput {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "\(path): cannot read the file") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(description: "\(path): not a JSON object (expected the output of triage eval, simulate or replay with --json)")
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
            throw Problem(description: "\(path): \(Self.describe(error))")
        } catch {
            throw Problem(description: "\(path): \(error)")
        }
        guard let value = try? JSONValue(parsing: Array(data)) else { throw Problem(description: "\(path): not JSON") }
        if object["best_fixed_reward"] != nil { return .simulation(value, command: command, path: path) }
        if object["logged_mean_reward"] != nil { return .replay(value, command: command, path: path) }
        throw Problem(description: "\(path): not a result of triage eval, eval --cascade, simulate or replay --json (members: \(object.keys.sorted().joined(separator: ", ")))")
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
