import ServiceLifecycle
#if TRIAGE_OTLP
import OTel
#endif

/// Exports the gateway's spans over OTLP/HTTP, in the build that has the exporter
/// (`TRIAGE_OTLP=1 swift build`); the default build records no spans (a no-op tracer).
enum OTLPTracing {
    /// Whether this binary was built with the exporter.
    static var isAvailable: Bool {
        #if TRIAGE_OTLP
        true
        #else
        false
        #endif
    }

    /// Bootstraps the process's tracer to export to `endpoint` (for example
    /// `http://127.0.0.1:4318/v1/traces`); returns the exporter's service, which must run
    /// beside the server. Nil without an endpoint. Only traces: metrics stay on `/metrics`
    /// and logs on standard error.
    static func start(endpoint: String?) throws -> (any Service)? {
        guard let endpoint else { return nil }
        #if TRIAGE_OTLP
        var configuration = OTel.Configuration.default
        configuration.serviceName = "triage"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.otlpExporter.endpoint = endpoint
        return try OTel.bootstrap(configuration: configuration)
        #else
        throw CommandFailure("--otlp-endpoint needs the OTLP exporter, which this build leaves out: build with `TRIAGE_OTLP=1 swift build` (README, Tracing)")
        #endif
    }
}
