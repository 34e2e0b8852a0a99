import TriageSchema

/// How keys' and teams' model lists and metadata are stored: as JSON text, the same in both
/// stores. Text that does not parse reads as empty rather than failing the whole directory.
enum StoredJSON {
    static func text(_ strings: [String]) -> String {
        JSONValue.array(strings.map(JSONValue.string)).jsonString
    }

    static func text(_ object: JSONObject) -> String {
        JSONValue.object(object).jsonString
    }

    static func strings(_ text: String?) -> [String] {
        guard let text, let value = try? JSONValue(parsing: text), let list = value.arrayValue else { return [] }
        return list.compactMap(\.stringValue)
    }

    static func object(_ text: String?) -> JSONObject {
        guard let text, let value = try? JSONValue(parsing: text), let object = value.objectValue else { return JSONObject() }
        return object
    }
}
