import Foundation

/// The command line this process was started with, as a shell would take it back: what a
/// report prints beside each figure, so the figure can be made again.
enum Invocation {
    static var line: String {
        (["triage"] + CommandLine.arguments.dropFirst().map(quoted)).joined(separator: " ")
    }

    private static func quoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Writes `value` as sorted, pretty JSON with a top-level `command` member added.
    static func writeJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard var object = try JSONSerialization.jsonObject(with: encoder.encode(value)) as? [String: Any] else {
            FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
            return
        }
        object["command"] = line
        try writeJSON(object)
    }

    /// Writes a JSON object (with `command` added) as sorted, pretty JSON.
    static func writeJSON(_ object: [String: Any]) throws {
        var object = object
        object["command"] = object["command"] ?? line
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
