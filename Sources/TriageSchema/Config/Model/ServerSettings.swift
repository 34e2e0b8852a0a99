/// Where and how the HTTP server listens.
public struct ServerSettings: Sendable, Equatable {
    /// Address to bind. Loopback by default so a fresh install is not reachable from the network.
    public var host: String
    /// TCP port; 0 asks the system for a free one (tests).
    public var port: Int
    /// Requests with larger bodies are refused with 413 before they are parsed.
    public var maxRequestBodyBytes: Int
    /// The admin key clients present as `Authorization: Bearer …`; nil leaves the gateway open.
    public var masterKey: SecretReference?
    /// On shutdown, how long in-flight requests may run before they are cut off.
    public var drainTimeout: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 4000,
        maxRequestBodyBytes: Int = 10 * 1024 * 1024,
        masterKey: SecretReference? = nil,
        drainTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.masterKey = masterKey
        self.drainTimeout = drainTimeout
    }
}
