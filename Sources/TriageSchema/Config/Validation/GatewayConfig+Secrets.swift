extension GatewayConfig {
    /// Every secret the config refers to, with its path, in file order.
    public var secretReferences: [(path: ConfigPath, secret: SecretReference)] {
        var found: [(ConfigPath, SecretReference)] = []
        if let key = server.masterKey { found.append((ConfigPath.root / "server" / "master_key", key)) }
        if case .postgres(let settings) = store { found.append((ConfigPath.root / "store" / "postgres" / "url", settings.url)) }
        for (i, group) in modelGroups.enumerated() {
            for (j, deployment) in group.deployments.enumerated() {
                if let key = deployment.provider.apiKey {
                    let path = ConfigPath.root / "model_groups" / i / "deployments" / j / "provider" / "api_key"
                    found.append((path, key))
                }
            }
        }
        return found
    }

    /// One issue per `env:` reference whose variable `environment` lacks, so start-up fails
    /// with every missing variable named rather than on the first request that needs one.
    public func secretIssues(environment: [String: String]) -> [ConfigIssue] {
        secretReferences.compactMap { path, secret -> ConfigIssue? in
            do throws(SecretResolutionError) {
                _ = try secret.resolve(in: environment)
                return nil
            } catch {
                return .invalid(path, error.description)
            }
        }
    }
}
