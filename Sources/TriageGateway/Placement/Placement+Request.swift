import HTTPTypes
import TriageSchema

extension Placement {
    static let tagsHeader = HTTPField.Name("x-triage-tags")!
    static let preferredRegionsHeader = HTTPField.Name("x-triage-preferred-regions")!
    static let permittedRegionsHeader = HTTPField.Name("x-triage-permitted-regions")!

    /// A request's placement: tags and regions from its headers and its body's `metadata`
    /// (`tags`, `preferred_regions`, `permitted_regions`: a comma list or an array of strings),
    /// within its key's (`metadata.tags`, `metadata.regions: {preferred, permitted,
    /// allow_violation}`). Tags add up; a request may narrow its key's permitted regions, never
    /// widen them; only the key may allow a residency-violating last resort.
    static func of(headers: HTTPFields, body: JSONObject, key: VirtualKey?) throws(RequestValidationError) -> Placement {
        let metadata = body["metadata"]?.objectValue ?? JSONObject()
        var placement = Placement()
        placement.tags = Set(list(headers[tagsHeader].map { Substring($0) }))
            .union(try strings(metadata["tags"], path: "metadata.tags"))
        var preferred = list(headers[preferredRegionsHeader].map { Substring($0) }) + (try strings(metadata["preferred_regions"], path: "metadata.preferred_regions"))
        var permitted: Set<String>? = nil
        let asked = list(headers[permittedRegionsHeader].map { Substring($0) }) + (try strings(metadata["permitted_regions"], path: "metadata.permitted_regions"))
        if !asked.isEmpty { permitted = Set(asked) }
        if let key {
            placement.tags.formUnion((try? strings(key.metadata["tags"], path: "")) ?? [])
            if let regions = key.metadata["regions"]?.objectValue {
                if preferred.isEmpty { preferred = (try? strings(regions["preferred"], path: "")) ?? [] }
                if let value = regions["permitted"] {
                    // A policy that cannot be read permits nothing: residency fails closed.
                    let keys = Set((try? strings(value, path: "")) ?? [])
                    permitted = permitted.map { $0.intersection(keys) } ?? keys
                }
                if case .bool(true)? = regions["allow_violation"] { placement.allowsResidencyViolation = true }
            }
        }
        placement.permittedRegions = permitted
        placement.preferredRegions = preferred.filter { placement.permits($0) }
        return placement
    }

    /// A comma list or an array of strings; absent is empty.
    private static func strings(_ value: JSONValue?, path: String) throws(RequestValidationError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return list(Substring(text))
        case .array(let items)?:
            var out: [String] = []
            for (k, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw RequestValidationError(message: "\(path)[\(k)] must be a string.", param: "\(path)[\(k)]", code: "invalid_type")
                }
                out += list(Substring(s))
            }
            return out
        case .some:
            throw RequestValidationError(message: "\(path) must be a comma-separated string or an array of strings.", param: path, code: "invalid_type")
        }
    }
}
