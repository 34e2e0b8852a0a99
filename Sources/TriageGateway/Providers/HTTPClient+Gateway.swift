import AsyncHTTPClient

extension HTTPClient {
    /// The process-wide client for upstream calls, tuned for a gateway rather than a browser:
    /// AsyncHTTPClient's default of 8 connections per host would queue a busy gateway's
    /// requests behind each other, a redirected POST is an upstream misconfiguration to
    /// report, not to follow, and a failed connect is the gateway's to retry elsewhere. It
    /// lives as long as the process, so it is never shut down.
    public static let gateway: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        configuration.connectionPool.idleTimeout = .seconds(60)
        // A refused connect must fail at once so the gateway's own retries and cooldowns act;
        // AHC's default keeps retrying it with a per-host backoff that grows to a minute and
        // would hold a recovered deployment out of rotation long after it came back.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        // No spans per upstream call until tracing is configured (a later issue); AHC would
        // otherwise build one for the global no-op tracer on every request.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
