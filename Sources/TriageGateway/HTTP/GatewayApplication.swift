import Foundation
import Hummingbird
import Logging
import Tracing
import TriageSchema

/// Builds the gateway: the same function serves `triage serve` and the tests (with port 0).
public enum GatewayApplication {
    /// - Parameters:
    ///   - state: the configuration served, replaceable while running (see `GatewayState`).
    ///   - host, port: override the configured address (tests pass port 0).
    ///   - providers: how each kind of deployment is called.
    ///   - onServerRunning: receives the bound port once the server listens.
    public static func build(
        state: GatewayState,
        host: String? = nil,
        port: Int? = nil,
        providers: ProviderSet = ProviderSet(),
        metrics: GatewayMetrics = GatewayMetrics(),
        health: HealthRegistry = HealthRegistry(),
        random: RandomSource = RandomSource(),
        telemetry: (any TelemetryStore)? = nil,
        tracer: any Tracer = InstrumentationSystem.tracer,
        responseCache: ResponseCache = ResponseCache(),
        logger: Logger = Logger(label: "triage"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let config = state.current
        return Application(
            router: router(state: state, providers: providers, metrics: metrics, health: health, random: random, telemetry: telemetry,
                           tracer: tracer, responseCache: responseCache),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientHangupHandler()])),
            configuration: .init(address: .hostname(host ?? config.server.host, port: port ?? config.server.port), serverName: "triage"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Every route the gateway answers, as `build` serves them. Its `routes` are what
    /// `Data/openapi.json` must describe, no more and no fewer (`OpenAPITests` holds them equal).
    public static func router(
        state: GatewayState,
        providers: ProviderSet = ProviderSet(),
        metrics: GatewayMetrics = GatewayMetrics(),
        health: HealthRegistry = HealthRegistry(),
        random: RandomSource = RandomSource(),
        telemetry: (any TelemetryStore)? = nil,
        tracer: any Tracer = InstrumentationSystem.tracer,
        responseCache: ResponseCache = ResponseCache()
    ) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        let executor = ChatExecutor(providers: providers, health: health, metrics: metrics, random: random, tracer: tracer)
        let telemetry = telemetry ?? state.telemetry
        let chat = ChatCompletionsController(state: state, executor: executor, metrics: metrics, watch: ClientWatch(),
                                             logger: RequestLogger(store: telemetry), cache: responseCache)
        let embeddings = EmbeddingsController(state: state, executor: executor, metrics: metrics)
        router.get("/health/liveness") { _, _ in json(#"{"status":"ok"}"#) }
        // Open like the probes: a client needs the description before it holds a key.
        let openAPI = ByteBuffer(string: OpenAPIDocument.json)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: openAPI))
        }
        router.get("/health/readiness") { _, _ in
            let store = state.governance.storeReachable ? "up" : "down"
            return json(#"{"status":"ready","model_groups":\#(state.current.modelGroups.count),"store":"\#(store)"}"#)
        }
        router.get("/metrics") { _, _ in
            if let telemetry {
                let counts = telemetry.counts
                let r = metrics.registry
                r.set(GatewayMetrics.telemetryRecords, .init(["outcome": "written"]), to: Double(counts.written))
                r.set(GatewayMetrics.telemetryRecords, .init(["outcome": "dropped"]), to: Double(counts.dropped))
                r.set(GatewayMetrics.telemetryRecords, .init(["outcome": "failed"]), to: Double(counts.failed))
                r.set(GatewayMetrics.telemetryQueued, to: Double(counts.queued))
            }
            metrics.registry.set(GatewayMetrics.storeUp, to: state.governance.storeReachable ? 1 : 0)
            let current = state.current
            let budgets: [GovernanceScope] = (current.governance.budget == nil ? [] : [.proxy]) + current.governance.modelBudgets.map { .model($0.model) }
            for scope in budgets {
                guard let spent = state.governance.budgetState(scope)?.spent else { continue }
                let label = if case .model(let group) = scope { "model:" + group } else { "gateway" }
                metrics.registry.set(GatewayMetrics.budgetSpent, .init(["scope": label]), to: spent)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.registry.render())))
        }
        let deploymentHealth = DeploymentHealthController(state: state, health: health, metrics: metrics)
        let admin = router.group("health/deployments").add(middleware: AdminKeyMiddleware(state: state, openWithoutMasterKey: true))
        admin.get { _, _ in deploymentHealth.list() }
        admin.post(":id") { request, context in
            await deploymentHealth.override(request, id: context.parameters.get("id") ?? "")
        }
        // Keys, teams and spend: the master key only.
        let keys = KeyAdminController(state: state)
        let spend = SpendController(state: state)
        let keyAdmin = router.group("key").add(middleware: AdminKeyMiddleware(state: state))
        keyAdmin.post("generate") { request, _ in await keys.generate(request) }
        keyAdmin.post("regenerate") { request, _ in await keys.regenerate(request) }
        keyAdmin.get("info") { request, _ in await keys.info(request) }
        keyAdmin.post("update") { request, _ in await keys.update(request) }
        keyAdmin.post("delete") { request, _ in await keys.delete(request) }
        keyAdmin.get("list") { request, _ in await keys.list(request) }
        let teamAdmin = router.group("team").add(middleware: AdminKeyMiddleware(state: state))
        teamAdmin.post("new") { request, _ in await keys.newTeam(request) }
        teamAdmin.get("info") { request, _ in await keys.teamInfo(request) }
        let dashboard = DashboardController(state: state, store: telemetry)
        router.group("dashboard").add(middleware: AdminKeyMiddleware(state: state)).get { request, _ in await dashboard.page(request) }
        let spendAdmin = router.group("spend").add(middleware: AdminKeyMiddleware(state: state))
        spendAdmin.get("logs") { request, _ in await spend.logs(request) }
        spendAdmin.get("report") { request, _ in await spend.report(request) }
        // The API proper; health and metrics stay open for probes and scrapers.
        let api = router.group("v1").add(middleware: APIKeyMiddleware(state: state))
        api.get("models") { _, context in
            let created = Int(Date().timeIntervalSince1970)
            let config = state.current
            // A key sees the models it may call.
            let groups = config.modelGroups.filter { context.principal.mayCall($0.name) }.map { group in
                ModelList.Model(id: group.name, created: created, ownedBy: "triage", deployments: group.deployments.map {
                    ModelList.DeploymentPrice(id: $0.id, model: $0.model, inputPerMillion: $0.price.inputPerMillion,
                                              outputPerMillion: $0.price.outputPerMillion, priceSource: $0.priceOrigin.label)
                })
            }
            let routed = config.routedModels.map(\.name).filter { context.principal.mayCall($0) }
            let list = ModelList(data: groups + routed.map { .init(id: $0, created: created, ownedBy: "triage") })
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: list.jsonBytes())))
        }
        api.post("chat/completions") { request, context in await chat.handle(request, channel: context.channel, principal: context.principal) }
        api.post("embeddings") { request, context in await embeddings.handle(request, principal: context.principal) }
        let feedback = FeedbackController(state: state, store: telemetry, metrics: metrics)
        api.post("feedback") { request, context in await feedback.handle(request, principal: context.principal) }
        return router
    }

    /// The gateway over a fixed configuration (tests, and callers that never reload).
    public static func build(
        config: GatewayConfig, host: String? = nil, port: Int? = nil, providers: ProviderSet = ProviderSet(),
        metrics: GatewayMetrics = GatewayMetrics(), health: HealthRegistry = HealthRegistry(), random: RandomSource = RandomSource(),
        telemetry: (any TelemetryStore)? = nil, responseCache: ResponseCache = ResponseCache(),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws(ConfigError) -> some ApplicationProtocol {
        build(state: try await GatewayState(config: config, telemetry: telemetry), host: host, port: port, providers: providers, metrics: metrics,
              health: health, random: random, telemetry: telemetry, responseCache: responseCache, onServerRunning: onServerRunning)
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
