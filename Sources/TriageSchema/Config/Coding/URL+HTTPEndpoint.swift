import Foundation

extension URL {
    /// `text` as an absolute http or https URL with a host, or nil. The one rule for every
    /// upstream address a config holds, so the LiteLLM importer never writes a `base_url`
    /// that `config check` then rejects (`http://user@:8000` has a host, but an empty one).
    static func httpEndpoint(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false else { return nil }
        return url
    }
}
