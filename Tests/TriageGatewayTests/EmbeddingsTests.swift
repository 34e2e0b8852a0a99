import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TriageGateway
import TriageSchema

/// `POST /v1/embeddings` against the default config's simulated `embeddings` group (256 dimensions).
@Suite struct EmbeddingsTests {
    /// Posts `json` to `/v1/embeddings` on a fresh app and hands the response to `check`.
    private static func post(
        _ json: String, config: GatewayConfig = GatewayTests.config(),
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        let app = try await GatewayApplication.build(config: config, port: 0)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/embeddings", method: .post, headers: [.contentType: "application/json"],
                                     body: GatewayTests.body(json)) { try await check($0) }
        }
    }

    /// The `data` vectors of a successful response, by index.
    private static func vectors(_ response: TestResponse) throws -> [[Double]] {
        let json = try GatewayTests.object(response.body)
        #expect(json["object"] as? String == "list")
        let data = try #require(json["data"] as? [[String: Any]])
        return try data.enumerated().map { k, item in
            #expect(item["object"] as? String == "embedding")
            #expect(item["index"] as? Int == k)
            return try #require(item["embedding"] as? [Double])
        }
    }

    private static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    private static func error(_ response: TestResponse) throws -> [String: Any] {
        try #require(try GatewayTests.object(response.body)["error"] as? [String: Any])
    }

    @Test func stringInputGivesOneUnitVectorWithHeaders() async throws {
        try await Self.post(#"{"model":"embeddings","input":"The quick brown fox"}"#) { response in
            #expect(response.status == .ok)
            #expect(response.headers[TriageHeaders.model] == "sim-embeddings")
            #expect(response.headers[TriageHeaders.attempts] == "1")
            #expect(response.headers[TriageHeaders.requestID]?.hasPrefix("req-") == true)
            #expect(Double(response.headers[TriageHeaders.cost] ?? "") != nil)
            let v = try Self.vectors(response)
            #expect(v.count == 1)
            #expect(v[0].count == 256)
            #expect(abs(Self.norm(v[0]) - 1) < 1e-9)
            let usage = try #require(try GatewayTests.object(response.body)["usage"] as? [String: Any])
            #expect(usage["prompt_tokens"] as? Int == 5)
            #expect(usage["total_tokens"] as? Int == 5)
        }
    }

    @Test func listInputIsOneVectorPerInputAndDeterministic() async throws {
        let texts = #"["alpha", "beta", "alpha"]"#
        try await Self.post(#"{"model":"embeddings","input":\#(texts)}"#) { response in
            #expect(response.status == .ok)
            let v = try Self.vectors(response)
            #expect(v.count == 3)
            #expect(v.allSatisfy { $0.count == 256 && abs(Self.norm($0) - 1) < 1e-9 })
            #expect(v[0] == v[2], "equal texts give equal vectors")
            #expect(v[0] != v[1])
        }
        // A fresh app (and provider) gives the same vector for the same text.
        let a = try await Self.embedding(of: "alpha"), b = try await Self.embedding(of: "alpha")
        #expect(a == b)
    }

    private static func embedding(of text: String) async throws -> [Double] {
        let box = Box()
        try await post(#"{"model":"embeddings","input":"\#(text)"}"#) { response in
            box.value = try Self.vectors(response)[0]
        }
        return box.value
    }

    private final class Box: @unchecked Sendable { var value: [Double] = [] }

    @Test func dimensionsShortenTheVector() async throws {
        try await Self.post(#"{"model":"embeddings","input":["a","b"],"dimensions":32}"#) { response in
            #expect(response.status == .ok)
            let v = try Self.vectors(response)
            #expect(v.map(\.count) == [32, 32])
            #expect(v.allSatisfy { abs(Self.norm($0) - 1) < 1e-9 })
        }
        try await Self.post(#"{"model":"embeddings","input":"a","dimensions":4096}"#) { response in
            #expect(response.status == .badRequest)
            let error = try Self.error(response)
            #expect((error["message"] as? String)?.contains("dimensions") == true)
        }
    }

    @Test func base64IsLittleEndianFloat32() async throws {
        let floats = try await Self.embedding(of: "gamma")
        try await Self.post(#"{"model":"embeddings","input":"gamma","encoding_format":"base64"}"#) { response in
            #expect(response.status == .ok)
            let item = try #require((try GatewayTests.object(response.body)["data"] as? [[String: Any]])?.first)
            let text = try #require(item["embedding"] as? String)
            let bytes = try #require(Data(base64Encoded: text))
            #expect(bytes.count == 256 * 4)
            let decoded: [Float] = stride(from: 0, to: bytes.count, by: 4).map { i in
                var bits: UInt32 = 0
                for j in 0..<4 { bits |= UInt32(bytes[bytes.startIndex + i + j]) << (8 * j) }
                return Float(bitPattern: bits)
            }
            #expect(zip(decoded, floats).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        }
    }

    @Test func chatModelIsRefused() async throws {
        try await Self.post(#"{"model":"cheap","input":"hello"}"#) { response in
            #expect(response.status == .badRequest)
            let error = try Self.error(response)
            #expect(error["param"] as? String == "model")
            #expect((error["message"] as? String)?.contains("embeddings") == true, "the message lists the embedding models")
        }
    }

    @Test func unknownModelIsNotFound() async throws {
        try await Self.post(#"{"model":"text-embedding-9","input":"hello"}"#) { response in
            #expect(response.status == .notFound)
            let error = try Self.error(response)
            #expect(error["code"] as? String == "model_not_found")
        }
    }

    @Test func badBodyNamesTheField() async throws {
        try await Self.post(#"{"model":"embeddings","input":[1.5]}"#) { response in
            #expect(response.status == .badRequest)
            let error = try Self.error(response)
            #expect((error["param"] as? String)?.hasPrefix("input") == true)
        }
        try await Self.post(#"{"model":"embeddings"}"#) { response in
            #expect(response.status == .badRequest)
            let error = try Self.error(response)
            #expect(error["param"] as? String == "input")
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let text = String(repeating: "x", count: 2_000)
        try await Self.post(#"{"model":"embeddings","input":"\#(text)"}"#, config: GatewayTests.config(maxBody: 1_000)) { response in
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func simulatedRateLimitIs429WithRetryAfter() async throws {
        let config = GatewayTests.config(faults: SimulatedFaults(rateLimit: 1, retryAfter: .seconds(3)))
        try await Self.post(#"{"model":"embeddings","input":"hello"}"#, config: config) { response in
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[TriageHeaders.retryAfter] == "3")
            let error = try Self.error(response)
            #expect(error["type"] as? String != nil)
        }
    }
}
