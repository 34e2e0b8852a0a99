import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// `Data/openapi.json` describes exactly the routes the gateway registers, and is what
/// `GET /openapi.json` serves. (Tests/python/test_openapi.py checks the answers against it.)
@Suite struct OpenAPITests {
    /// The repository's copy, the file people read and edit.
    static func specFile() throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: root.appending(path: "Data/openapi.json"))
    }

    /// `METHOD /path` for every operation of the document, paths in its `{param}` notation.
    static func specOperations(_ data: Data) throws -> Set<String> {
        let document = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    /// `METHOD /path` for every route the real router registers (Hummingbird writes a
    /// captured segment as `{id}`, as OpenAPI does).
    static func routerOperations() async throws -> Set<String> {
        let state = try await GatewayState(config: GatewayTests.config(), environment: [:])
        return Set(GatewayApplication.router(state: state).routes.map { "\($0.method.rawValue) \($0.path)" })
    }

    @Test func specAndRouterNameTheSameRoutes() async throws {
        let registered = try await Self.routerOperations()
        let described = try Self.specOperations(Self.specFile())
        #expect(registered.count >= 19, "the router's route list looks truncated: \(registered.sorted())")
        #expect(registered.subtracting(described).isEmpty,
                "routes missing from Data/openapi.json: \(registered.subtracting(described).sorted())")
        #expect(described.subtracting(registered).isEmpty,
                "Data/openapi.json names routes the server lacks: \(described.subtracting(registered).sorted())")
    }

    @Test func servesTheRepositoryFileWithoutAKey() async throws {
        let file = try Self.specFile()
        var config = GatewayTests.config()
        config.server.masterKey = .environment("TRIAGE_TEST_MASTER")
        let state = try await GatewayState(config: config, environment: ["TRIAGE_TEST_MASTER": "sk-master-0123456789"])
        let app = GatewayApplication.build(state: state, port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                // Byte for byte: Scripts/embed-openapi regenerates the embedded copy after an edit.
                #expect(Data(response.body.readableBytesView) == file, "the served document differs from Data/openapi.json: run Scripts/embed-openapi")
            }
            try await client.execute(uri: "/v1/models", method: .get) { response in
                #expect(response.status == .unauthorized, "the master key is in force, so only the document is open")
            }
        }
    }

    @Test func documentIsOpenAPI31() throws {
        let document = try #require(JSONSerialization.jsonObject(with: Self.specFile()) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
    }
}
