/// Everything the gateway needs to start: where it listens and which model groups it serves.
///
/// Decoded once at start-up (`GatewayConfig.decode(json:)`) and validated; afterwards an
/// immutable value that the request path reads without ever branching on a string from the
/// file. Each top-level key is a property of its own type here.
public struct GatewayConfig: Sendable, Equatable {
    public var server: ServerSettings
    /// In file order; names are unique.
    public var modelGroups: [ModelGroup]
    /// Names such as `triage/auto` answered by choosing among groups; in file order.
    public var routedModels: [RoutedModel]
    /// The request log; off unless it names a file (or `store` names a backend).
    public var telemetry: TelemetrySettings
    /// Where the request log, keys and spend live; nil leaves it to `telemetry.path` (an SQLite
    /// file, or nothing kept), as configs written before `store` existed say.
    public var store: StoreSettings?
    /// The outcomes `POST /v1/feedback` accepts.
    public var feedbackMetrics: [FeedbackMetric]
    /// Budgets above the virtual keys' and teams', and how worst cases are estimated.
    public var governance: GovernanceSettings

    public init(
        server: ServerSettings = ServerSettings(), modelGroups: [ModelGroup] = [], routedModels: [RoutedModel] = [],
        telemetry: TelemetrySettings = TelemetrySettings(), feedbackMetrics: [FeedbackMetric] = [],
        governance: GovernanceSettings = GovernanceSettings(), store: StoreSettings? = nil
    ) {
        self.server = server
        self.modelGroups = modelGroups
        self.routedModels = routedModels
        self.telemetry = telemetry
        self.feedbackMetrics = feedbackMetrics
        self.governance = governance
        self.store = store
    }

    /// The store the gateway opens: `store`, else an SQLite file at `telemetry.path`; nil when
    /// neither is set (no request log; keys and spend in memory only).
    public var effectiveStore: StoreSettings? {
        store ?? telemetry.path.map { .sqlite(path: $0) }
    }

    /// The group a client's `model` names, if any.
    public func group(named name: String) -> ModelGroup? {
        modelGroups.first { $0.name == name }
    }

    /// The routed model a client's `model` names, if any.
    public func routedModel(named name: String) -> RoutedModel? {
        routedModels.first { $0.name == name }
    }
}
