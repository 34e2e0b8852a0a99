import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `triage serve` when its store is out of reach: a clear error naming the config key, an
/// exit, never a crash or a hang.
@Suite(.enabled(if: TriageExecutable.path != nil, "no .build/debug/triage beside the package: run `swift build` first"))
struct ServeStoreTests {
    static func config(url: String) -> String {
        #"{"model_groups": [{"name": "cheap", "deployments": [{"model": "m", "provider": {"kind": "sim"}}]}],"#
            + #" "store": {"postgres": {"url": "\#(url)", "connect_timeout_ms": 2000}}}"#
    }

    @Test func aDatabaseThatIsDownStopsStartUpWithWhatTheNetworkSaid() async throws {
        let port = try Self.closedPort()
        try await CLITests.inTemporaryDirectory { dir in
            let path = "\(dir)/gateway.json"
            try Data(Self.config(url: "postgres://triage:hunter2@127.0.0.1:\(port)/triage?sslmode=disable").utf8).write(to: URL(fileURLWithPath: path))
            let run = try await CLITests.triage(["serve", "--config", path, "--port", "0"], timeout: .seconds(60))
            #expect(run.status == 1, "exit status \(run.status): \(run.stderr)")
            #expect(run.stderr.contains("store.postgres: connect to postgres://triage@127.0.0.1:\(port)/triage: "), "\(run.stderr)")
            #expect(run.stderr.lowercased().contains("refused"), "\(run.stderr)")
            #expect(!run.stderr.contains("hunter2"), "never the password")
            #expect(!run.stderr.contains("listening on"), "nothing was served")
        }
    }

    @Test func anUnsetURLVariableIsNamedBeforeAnythingIsOpened() async throws {
        try await CLITests.inTemporaryDirectory { dir in
            let path = "\(dir)/gateway.json"
            try Data(Self.config(url: "env:TRIAGE_TEST_UNSET_DATABASE_URL").utf8).write(to: URL(fileURLWithPath: path))
            let run = try await CLITests.triage(["serve", "--config", path, "--port", "0"], timeout: .seconds(60))
            #expect(run.status == 1)
            #expect(run.stderr.contains("store.postgres.url: environment variable TRIAGE_TEST_UNSET_DATABASE_URL is not set"), "\(run.stderr)")
        }
    }

    /// A port of 127.0.0.1 that nothing listens on: bound by the system's choice, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
