import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TriageSchema

/// The CLI's way into a running gateway's admin API: the master key from `--master-key` or
/// `TRIAGE_MASTER_KEY`, errors turned into one-line messages.
struct AdminClient {
    let baseURL: String
    let masterKey: String

    init(url: String?, masterKey: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        baseURL = (url ?? environment["TRIAGE_URL"] ?? "http://127.0.0.1:4000").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let key = masterKey ?? environment["TRIAGE_MASTER_KEY"], !key.isEmpty else {
            throw CommandFailure("the admin API needs the master key: pass --master-key or set TRIAGE_MASTER_KEY")
        }
        self.masterKey = key
    }

    /// Sends one request and returns the parsed JSON answer; a gateway error becomes its message.
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(masterKey)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serialized()))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw CommandFailure("cannot reach the gateway at \(baseURL): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let json = try? JSONValue(parsing: Array(bytes.readableBytesView))
        guard response.status.code == 200 else {
            let message = json?.objectValue?["error"]?.objectValue?["message"]?.stringValue ?? "HTTP \(response.status.code)"
            throw CommandFailure("\(path): \(message)")
        }
        guard let json else { throw CommandFailure("\(path): the gateway's answer is not JSON") }
        return json
    }
}
