/// One element of LiteLLM's `model_list`, read into a deployment of the group `groupName`.
/// Settings that depend on the whole file (default id, timeouts) are finished by the importer.
struct LiteLLMDeploymentEntry {
    var groupName: String
    var path: ConfigPath
    /// `model_info.id`, if given.
    var id: String?
    /// From `model_info.mode`; nil when not given.
    var kind: ModelGroupKind?
    var deployment: Deployment
    /// `litellm_params.order` was given.
    var ordered: Bool
    /// `litellm_params.timeout` and `stream_timeout`, with where they were written.
    var attemptTimeout: Duration?
    var streamTimeout: (value: Duration, path: ConfigPath)?

    /// Reads entry `path`; nil (after noting why) when it cannot become a deployment.
    static func read(_ tree: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) -> LiteLLMDeploymentEntry? {
        guard let members = tree.members else {
            log.unmapped(path, "deployment skipped: expected a mapping, found \(tree.shapeName)")
            return nil
        }
        guard let groupName = tree["model_name"]?.liteLLMString, !groupName.isEmpty else {
            log.unmapped(path, "deployment skipped: no model_name")
            return nil
        }
        guard let params = tree["litellm_params"], let model = params["model"]?.liteLLMString else {
            log.unmapped(path, "deployment skipped: no litellm_params.model")
            return nil
        }
        let paramsPath = path / "litellm_params"
        guard let reference = LiteLLMModelReference.resolve(
            model, connection: connection(params, at: paramsPath, log: log),
            modelPath: paramsPath / "model", entryPath: path, log: log
        ) else { return nil }

        var entry = LiteLLMDeploymentEntry(
            groupName: groupName, path: path, id: nil, kind: nil,
            deployment: Deployment(id: "", model: reference.model, provider: reference.provider),
            ordered: false, attemptTimeout: nil, streamTimeout: nil
        )
        for member in members {
            switch member.key {
            case "model_name": break
            case "litellm_params": entry.readParams(member.value, at: paramsPath, log: log)
            case "model_info": entry.readInfo(member.value, at: path / "model_info", log: log)
            default: log.unmapped(path / member.key, "no Triage equivalent")
            }
        }
        return entry
    }

    /// `api_base`, `api_key` and `api_version`, which decide the provider.
    private static func connection(_ params: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) -> LiteLLMModelReference.Connection {
        var c = LiteLLMModelReference.Connection()
        if let base = params["api_base"]?.liteLLMString { c.apiBase = (base, path / "api_base") }
        if let version = params["api_version"]?.liteLLMString { c.apiVersion = (version, path / "api_version") }
        if let key = params["api_key"]?.liteLLMString {
            let secret = SecretReference(parsing: key)
            if case .literal = secret {
                log.approximated(path / "api_key", "a literal key was kept; better set an environment variable and write env:NAME")
            }
            c.apiKey = (secret, path / "api_key")
        }
        return c
    }

    private mutating func readParams(_ params: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) {
        for member in params.members ?? [] {
            let at = path / member.key
            let value = member.value
            switch member.key {
            case "model", "api_base", "api_key", "api_version":
                break  // read by `connection` and `LiteLLMModelReference`
            case "rpm":
                deployment.limits.rpm = log.read(value, at: at, as: "an integer", \.liteLLMInt)
            case "tpm":
                deployment.limits.tpm = log.read(value, at: at, as: "an integer", \.liteLLMInt)
            case "max_parallel_requests":
                deployment.limits.maxInFlight = log.read(value, at: at, as: "an integer", \.liteLLMInt)
            case "weight":
                deployment.weight = log.read(value, at: at, as: "a number", \.liteLLMNumber) ?? deployment.weight
            case "order":
                if let order = log.read(value, at: at, as: "an integer", \.liteLLMInt) {
                    deployment.priority = order
                    ordered = true
                }
            case "timeout":
                attemptTimeout = log.read(value, at: at, as: "a number of seconds", \.liteLLMSeconds)
            case "stream_timeout":
                streamTimeout = log.read(value, at: at, as: "a number of seconds", \.liteLLMSeconds).map { ($0, at) }
            case "region_name":
                deployment.region = log.read(value, at: at, as: "a string", \.liteLLMString)
            case "tags":
                deployment.tags = log.read(value, at: at, as: "a list of strings", \.liteLLMStrings) ?? []
            case "input_cost_per_token":
                if let x = log.read(value, at: at, as: "a number", \.liteLLMNumber) {
                    deployment.price.inputPerMillion = Self.perMillion(x)
                }
            case "output_cost_per_token":
                if let x = log.read(value, at: at, as: "a number", \.liteLLMNumber) {
                    deployment.price.outputPerMillion = Self.perMillion(x)
                }
            default:
                log.unmapped(at, "no Triage equivalent")
            }
        }
    }

    private mutating func readInfo(_ info: ConfigTree, at path: ConfigPath, log: LiteLLMImportLog) {
        guard let members = info.members else {
            log.unmapped(path, "expected a mapping, found \(info.shapeName)")
            return
        }
        for member in members {
            let at = path / member.key
            switch member.key {
            case "id":
                id = log.read(member.value, at: at, as: "a string", \.liteLLMString)
            case "max_input_tokens":
                deployment.limits.maxContextTokens = log.read(member.value, at: at, as: "an integer", \.liteLLMInt)
            case "mode":
                switch member.value.liteLLMString {
                case "chat"?: kind = .chat
                case "embedding"?: kind = .embedding
                case let mode?: log.unmapped(at, "Triage serves chat and embedding groups, not \"\(mode)\"")
                case nil: log.unmapped(at, "expected a string, found \(member.value.shapeName)")
                }
            default:
                log.unmapped(at, "no Triage equivalent")
            }
        }
    }

    /// USD per token to USD per million tokens, rounded to 1e-9 so 1.5e-7 becomes 0.15 rather
    /// than 0.15000000000000002.
    private static func perMillion(_ perToken: Double) -> Double {
        (perToken * 1e6 * 1e9).rounded() / 1e9
    }
}
