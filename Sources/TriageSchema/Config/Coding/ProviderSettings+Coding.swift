import Foundation

extension ProviderSettings {
    /// `{"kind": "openai" | "azure" | "anthropic" | "sim", …settings of that kind}`, or just the
    /// kind as a string when every setting has its default (`"provider": "sim"`). Keys of another
    /// kind (an `api_version` on `sim`) are unknown keys.
    static func read(_ tree: ConfigTree, at path: ConfigPath, log: ConfigIssueLog) -> ProviderSettings? {
        let object: ConfigTree = if case .string(let kind) = tree { ["kind": .string(kind)] } else { tree }
        guard case .object = object else {
            log.invalid(path, "must be an object with a \"kind\" or one of \(kindNames), not \(tree.shapeName)")
            return nil
        }
        return ConfigObjectReader.read(object, at: path, log: log) { r -> ProviderSettings? in
            guard let kindTree = r.value("kind") else {
                log.invalid(path / "kind", "is required (\(kindNames))")
                r.markAllKnown()
                return nil
            }
            let kind: ProviderKind? = ConfigObjectReader.choice(kindTree, at: path / "kind", noun: "provider kind", log: log)
            switch kind {
            case .openai: return .openai(OpenAIProviderSettings.read(r))
            case .azure: return AzureProviderSettings.read(r).map(ProviderSettings.azure)
            case .anthropic: return AnthropicProviderSettings.read(r).map(ProviderSettings.anthropic)
            case .sim: return .sim(SimulatedProviderSettings.read(r))
            case nil:
                // Settings of an unknown kind cannot be checked; mark them read so the one
                // "unknown provider kind" issue is all the user sees.
                r.markAllKnown()
                return nil
            }
        } ?? nil
    }

    private static var kindNames: String {
        ConfigObjectReader.alternatives(ProviderKind.allCases.map(\.rawValue))
    }

    func tree(_ style: ConfigEncodingStyle) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("kind", .string(kind.rawValue))
        switch self {
        case .openai(let settings): settings.write(to: &w)
        case .azure(let settings): settings.write(to: &w)
        case .anthropic(let settings): settings.write(to: &w)
        case .sim(let settings): settings.write(to: &w)
        }
        // A provider with nothing but its kind is written the short way.
        if style == .minimal, w.members.count == 1 { return .string(kind.rawValue) }
        return w.tree
    }
}

extension OpenAIProviderSettings {
    static func read(_ r: ConfigObjectReader) -> OpenAIProviderSettings {
        OpenAIProviderSettings(baseURL: r.url("base_url") ?? openAIBaseURL, apiKey: r.secret("api_key"))
    }

    func write(to w: inout ConfigObjectWriter) {
        w.add("base_url", .string(baseURL.absoluteString), default: .string(Self.openAIBaseURL.absoluteString))
        w.add("api_key", apiKey.map { .string($0.configText) } ?? .null, default: .null)
    }
}

extension AzureProviderSettings {
    static func read(_ r: ConfigObjectReader) -> AzureProviderSettings? {
        if !r.contains("base_url") {
            r.log.invalid(r.path / "base_url", "is required for azure (https://<resource>.openai.azure.com)")
        }
        if !r.contains("api_key") { r.log.invalid(r.path / "api_key", "is required for azure") }
        let url = r.url("base_url")
        let key = r.secret("api_key")
        let version = r.string("api_version", default: defaultAPIVersion)
        guard let url, let key else { return nil }
        return AzureProviderSettings(baseURL: url, apiKey: key, apiVersion: version)
    }

    func write(to w: inout ConfigObjectWriter) {
        w.add("base_url", .string(baseURL.absoluteString))
        w.add("api_key", .string(apiKey.configText))
        w.add("api_version", .string(apiVersion), default: .string(Self.defaultAPIVersion))
    }
}

extension AnthropicProviderSettings {
    static func read(_ r: ConfigObjectReader) -> AnthropicProviderSettings? {
        if !r.contains("api_key") { r.log.invalid(r.path / "api_key", "is required for anthropic") }
        let url = r.url("base_url") ?? anthropicBaseURL
        let version = r.string("api_version", default: defaultAPIVersion)
        guard let key = r.secret("api_key") else { return nil }
        return AnthropicProviderSettings(baseURL: url, apiKey: key, apiVersion: version)
    }

    func write(to w: inout ConfigObjectWriter) {
        w.add("base_url", .string(baseURL.absoluteString), default: .string(Self.anthropicBaseURL.absoluteString))
        w.add("api_key", .string(apiKey.configText))
        w.add("api_version", .string(apiVersion), default: .string(Self.defaultAPIVersion))
    }
}
