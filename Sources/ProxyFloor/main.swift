import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import TriageGateway

// triage-proxy-floor: the least a proxy on this stack can do per request, as a reference row
// for Scripts/bench-gateway. It forwards the body of POST /v1/chat/completions to an upstream
// with AsyncHTTPClient and returns the answer as it came, with no parsing, validation, cost or
// metrics; GET /hello answers without an upstream. The gateway's figures next to these show
// what its own work costs and what the server and client libraries cost on this machine.
//   triage-proxy-floor PORT UPSTREAM_URL

NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]) else {
    print("usage: triage-proxy-floor PORT UPSTREAM_URL")
    exit(2)
}
let upstream = arguments[2]
let client = HTTPClient.gateway
let router = Router()
router.get("/hello") { _, _ in "hello" }
router.post("/v1/chat/completions") { request, _ -> Response in
    var forward = HTTPClientRequest(url: upstream)
    forward.method = .POST
    forward.headers.add(name: "content-type", value: "application/json")
    forward.body = .bytes(try await request.body.collect(upTo: 1 << 20))
    let answer = try await client.execute(forward, timeout: .seconds(30))
    let body = try await answer.body.collect(upTo: 16 << 20)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
