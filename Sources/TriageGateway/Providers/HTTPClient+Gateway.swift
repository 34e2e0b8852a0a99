import AsyncHTTPClient

extension HTTPClient {
    /// The process-wide client for upstream calls, tuned for a gateway rather than a browser:
    /// AsyncHTTPClient's default of 8 connections per host would queue a busy gateway's
    /// requests behind each other, and a redirected POST is an upstream misconfiguration to
    /// report, not to follow. It lives as long as the process, so it is never shut down.
    public static let gateway: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        configuration.connectionPool.idleTimeout = .seconds(60)
        // No spans per upstream call until tracing is configured (a later issue); AHC would
        // otherwise build one for the global no-op tracer on every request.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
