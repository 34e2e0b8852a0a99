import Foundation

extension GatewayConfig {
    /// Decodes and validates a JSON config, reporting every problem it finds at once.
    ///
    /// Problems come in document order for shape errors (wrong types, unknown keys, missing
    /// keys), followed by rule violations (ranges, references between groups).
    public static func decode(json data: Data) throws(ConfigError) -> GatewayConfig {
        let (tree, duplicates) = try ConfigJSONParser.parse(data)
        return try decode(tree, earlierIssues: duplicates)
    }

    /// Decodes and validates an already-parsed tree.
    public static func decode(_ tree: ConfigTree) throws(ConfigError) -> GatewayConfig {
        try decode(tree, earlierIssues: [])
    }

    private static func decode(_ tree: ConfigTree, earlierIssues: [ConfigIssue]) throws(ConfigError) -> GatewayConfig {
        let log = ConfigIssueLog()
        log.add(contentsOf: earlierIssues)
        let config = ConfigObjectReader.read(tree, at: .root, log: log, read) ?? GatewayConfig()
        let shapeIssues = log.issues
        // A value that failed to decode was replaced by its default; rules checked on that
        // stand-in would only repeat the problem, so they are dropped near a reported path.
        let reported = ReportedPaths(shapeIssues.filter { $0.kind == .invalid }.map(\.path))
        let ruleIssues = config.validationIssues().filter { !reported.isNear($0.path) }
        let issues = shapeIssues + ruleIssues
        guard issues.isEmpty else { throw ConfigError(issues) }
        return config
    }

    /// `{"server": {…}, "model_groups": [...], "routed_models": [...], "telemetry": {…}, "feedback_metrics": [...],
    /// "governance": {…}, "store": {…}}`.
    static func read(_ r: ConfigObjectReader) -> GatewayConfig {
        GatewayConfig(
            server: r.object("server", default: ServerSettings(), ServerSettings.read),
            modelGroups: r.array("model_groups").compactMap { element in
                ConfigObjectReader.read(element.tree, at: element.path, log: r.log, ModelGroup.read)
            },
            routedModels: r.array("routed_models").compactMap { element in
                ConfigObjectReader.read(element.tree, at: element.path, log: r.log, RoutedModel.read)
            },
            telemetry: r.object("telemetry", default: TelemetrySettings(), TelemetrySettings.read),
            feedbackMetrics: r.array("feedback_metrics").compactMap { element in
                ConfigObjectReader.read(element.tree, at: element.path, log: r.log, FeedbackMetric.read)
            },
            governance: r.object("governance", default: GovernanceSettings(), GovernanceSettings.read),
            store: r.decode("store", default: nil) { tree, path in
                tree == .null ? .some(nil) : StoreSettings.read(tree, at: path, log: r.log).map { Optional($0) }
            }
        )
    }

    /// The config as a tree, in the same shape `decode` reads.
    public func tree(style: ConfigEncodingStyle = .complete) -> ConfigTree {
        var w = ConfigObjectWriter(style)
        w.add("server", server.tree(style), default: [:])
        w.add("model_groups", .array(modelGroups.map { $0.tree(style) }))
        w.add("routed_models", .array(routedModels.map { $0.tree(style) }), default: [])
        w.add("telemetry", telemetry.tree(style), default: [:])
        w.add("feedback_metrics", .array(feedbackMetrics.map { $0.tree(style) }), default: [])
        w.add("governance", governance.tree(style), default: [:])
        w.add("store", store?.tree(style) ?? .null, default: nil)
        return w.tree
    }

    /// The config as pretty-printed JSON that `decode(json:)` reads back to an equal value
    /// (durations are written in whole milliseconds).
    public func jsonData(style: ConfigEncodingStyle = .complete) -> Data {
        ConfigJSONWriter.data(tree(style: style))
    }
}

/// The paths of shape problems, in sets: a config with thousands of problems is then filtered
/// in linear time (comparing every rule issue with every shape issue took over a minute on a
/// 1 MB file).
private struct ReportedPaths {
    private let paths: Set<ConfigPath>
    private let parents: Set<ConfigPath>

    init(_ paths: [ConfigPath]) {
        self.paths = Set(paths)
        parents = Set(paths.lazy.filter { !$0.isRoot }.map { ConfigPath(Array($0.components.dropLast())) })
    }

    /// Whether a reported path is `path`, one of its ancestors, or one of its children: close
    /// enough that a rule broken at `path` may be the echo of a shape problem there.
    func isNear(_ path: ConfigPath) -> Bool {
        if parents.contains(path) { return true }
        return (0...path.components.count).contains { k in
            paths.contains(ConfigPath(Array(path.components.prefix(k))))
        }
    }
}
