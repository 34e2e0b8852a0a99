import NIOSSL
import PostgresNIO
import TriageSchema

extension PostgresURL {
    /// libpq's `sslmode` as NIOSSL settings: `prefer` and `require` encrypt without checking the
    /// certificate (as libpq does), `verify-ca` checks its chain, `verify-full` its host too.
    var tlsConfiguration: TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch self.tls {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    /// The pool's configuration: at most `poolSize` connections, each opened within `connectTimeout`.
    func clientConfiguration(poolSize: Int, connectTimeout: Duration) -> PostgresClient.Configuration {
        let mode: PostgresClient.Configuration.TLS = switch (self.tls, tlsConfiguration) {
        case (_, nil): .disable
        case (.prefer, let c?): .prefer(c)
        case (_, let c?): .require(c)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// One connection's configuration, for the start-up check and migrations.
    func connectionConfiguration(connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        let mode: PostgresConnection.Configuration.TLS = switch (self.tls, tlsConfiguration) {
        case (_, nil): .disable
        case (.prefer, let c?): .prefer(try NIOSSLContext(configuration: c))
        case (_, let c?): .require(try NIOSSLContext(configuration: c))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        let c = connectTimeout.components
        configuration.options.connectTimeout = .nanoseconds(c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000)
        return configuration
    }
}
