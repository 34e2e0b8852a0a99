import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TriageGateway
import TriageSchema

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI-compatible gateway.",
        discussion: """
        Without --config the gateway serves its embedded defaults: two simulated tiers, `cheap` and \
        `frontier`, when no provider key is in the environment. SIGTERM and SIGINT stop accepting \
        connections and let in-flight requests and streams finish, for at most the config's \
        server.drain_timeout_ms (default 30 s).
        """
    )

    @Option(help: "A Triage JSON config (see Data/CONFIG.md); default: the embedded configuration.") var config: String?
    @Option(help: "Address to listen on (default: the config's, 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: the config's, 4000).") var port: Int?
    @Flag(help: "Use the simulated provider whatever keys the environment holds.") var simulated = false
    @Option(help: "Export spans over OTLP/HTTP to this URL (http://HOST:4318/v1/traces); needs the build made with TRIAGE_OTLP=1.")
    var otlpEndpoint: String?

    func run() async throws {
        // Tasks run on NIO's event loops instead of a separate pool: no thread hop between the
        // socket and the handler, in and out, on every request.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        FileDescriptorLimit.raiseToHardLimit()
        let environment = ProcessInfo.processInfo.environment
        let gateway = try ConfigLoading.load(path: config, environment: environment, forceSimulated: simulated)
        let missingSecrets = gateway.secretIssues(environment: environment)
        if !missingSecrets.isEmpty {
            throw CommandFailure("the config names secrets that are not set:\n" + missingSecrets.map(\.description).joined(separator: "\n"))
        }
        // The store (request log, keys, spend): opened and migrated before the listener, so a bad
        // path or an unreachable database stops start-up; closed after the last request drained.
        let stores: GatewayStores
        do throws(StoreError) {
            stores = try await GatewayStores.open(gateway, environment: environment)
        } catch {
            throw CommandFailure("\(error)")
        }
        let state: GatewayState
        do {
            let governance: Governance
            do throws(StoreError) {
                governance = try await Governance(stores: stores)
            } catch {
                throw CommandFailure("the store \(stores.location): \(error)")
            }
            state = try await GatewayState(config: gateway, environment: environment, telemetry: stores.telemetry, governance: governance)
        } catch {
            await stores.close()
            throw error
        }
        if state.governance.recoveredRequests > 0 {
            StandardError.line("triage: \(state.governance.recoveredRequests) requests were left reserved by the last run; each was settled at its worst case")
        }
        let reloader = config.map { ReloadOnHangup(path: $0, state: state, environment: environment) }
        reloader?.start()
        // Before the app is built: the executor takes the process's tracer when it is made.
        let exporter = try OTLPTracing.start(endpoint: otlpEndpoint)
        let app = GatewayApplication.build(state: state, host: host, port: port, telemetry: stores.telemetry) { port in
            let routed = gateway.routedModels.isEmpty ? "" : " and routed models \(gateway.routedModels.map(\.name).joined(separator: ", "))"
            let log = stores.telemetry == nil
                ? "; keys and spend in memory only (no store, and telemetry.path is off)" : "; request log, keys and spend in \(stores.location)"
            StandardError.line("triage: listening on \(host ?? gateway.server.host):\(port) with \(gateway.modelGroups.count) model groups (\(gateway.modelGroups.map(\.name).joined(separator: ", ")))\(routed)\(log)\(state.masterKey == .none ? "; no master key: the API is open and the admin API is off" : "")")
        }
        // SIGTERM/SIGINT stop accepting connections and let requests and streams in flight
        // finish, for at most the drain timeout; what is still running then is cancelled.
        var services = ServiceGroupConfiguration(services: [app] + (exporter.map { [$0] } ?? []), gracefulShutdownSignals: [.sigterm, .sigint],
                                                 logger: Logger(label: "triage"))
        services.maximumGracefulShutdownDuration = gateway.server.drainTimeout
        services.maximumCancellationDuration = .seconds(10)
        var failure: (any Error)?
        do {
            try await ServiceGroup(configuration: services).run()
        } catch {
            failure = error
        }
        reloader?.stop()
        // The ledger's last settlements first: they are written through the store. A store
        // that stopped answering (a database gone) must not hold the process forever.
        let limit = Duration.seconds(30)
        let closed = await Self.within(limit) {
            await state.governance.close()
            await stores.close()
        }
        if !closed {
            StandardError.line("triage: the store (\(stores.location)) did not finish writing within \(limit); what was still queued is lost")
        }
        if let failure { throw failure }
    }
}

extension ServeCommand {
    /// Runs `work` and returns true when it ends within `limit`; false when the limit came
    /// first (the work is left to the process's exit).
    static func within(_ limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let (outcome, report) = AsyncStream<Bool>.makeStream()
        Task {
            await work()
            report.yield(true)
        }
        Task {
            try? await Task.sleep(for: limit)
            report.yield(false)
        }
        for await finished in outcome { return finished }
        return false
    }
}

/// SIGHUP re-reads the config file: a valid one serves new requests at once (requests in
/// flight keep the configuration they started with); an invalid one is reported, and the old
/// configuration keeps serving.
final class ReloadOnHangup {
    private let source: any DispatchSourceSignal
    private let queue = DispatchQueue(label: "triage.reload")

    init(path: String, state: GatewayState, environment: [String: String]) {
        signal(SIGHUP, SIG_IGN)  // the dispatch source takes over from the default action (exit)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        source.setEventHandler {
            // Reloads run one at a time, in the order the signals came: the handler's queue is
            // serial and waits for each (on a Dispatch thread, never an event loop).
            let done = DispatchSemaphore(value: 0)
            Task {
                do throws(ConfigError) {
                    try await state.reload(contentsOf: path, environment: environment)
                    StandardError.line("triage: reloaded \(path): \(state.current.modelGroups.map(\.name).joined(separator: ", "))")
                } catch {
                    StandardError.line("triage: kept the running configuration; \(path) is invalid:\n\(error.description)")
                }
                done.signal()
            }
            done.wait()
        }
    }

    func start() { source.resume() }
    func stop() { source.cancel() }
}

/// Reads a config file, or the embedded defaults, and reports every problem with its path.
enum ConfigLoading {
    static func load(path: String?, environment: [String: String], forceSimulated: Bool) throws -> GatewayConfig {
        guard let path else { return GatewayConfig.defaults(environment: environment, forceSimulated: forceSimulated) }
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read config file \(path)") }
        do {
            return try GatewayConfig.decode(json: data)
        } catch {
            throw CommandFailure("\(path): invalid configuration\n\(error.description)")
        }
    }
}
