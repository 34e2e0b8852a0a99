// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Triage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "triage", targets: ["triage"]),
        .library(name: "TriageCore", targets: ["TriageCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The PostgreSQL store for several gateway replicas sharing keys, spend and learning.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Spans for requests, routing, attempts and cascades (Hummingbird depends on it already).
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ] + otlpPackages,
    targets: [
        // OpenBLAS through its C interface; the only native dependency of the learning core.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        // The system SQLite: the embedded store for telemetry (and later keys and spend).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "TriageCore", dependencies: ["CBLAS"]),
        // Wire formats and the config schema: decoding and validation with Foundation alone, so
        // they can be fuzzed and tested without the server stack.
        .target(name: "TriageSchema"),
        // Reports as self-contained HTML with inline SVG charts, plus a Markdown summary: Foundation
        // alone, so a report renders anywhere the CLI or a benchmark runs, with nothing to fetch.
        .target(name: "TriageReport"),
        .target(
            name: "TriageGateway",
            dependencies: [
                "TriageCore", "TriageSchema", "TriageReport", "CSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageCore", "TriageGateway", "TriageSchema", "TriageReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "triage-bench", dependencies: ["TriageCore"], path: "Sources/TriageBench"),
        // A bare pass-through on the same server and client libraries: the reference row of
        // Scripts/bench-gateway, so the gateway's own cost can be told from theirs.
        .executableTarget(
            name: "triage-proxy-floor",
            dependencies: [
                "TriageGateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/ProxyFloor"
        ),
        .testTarget(name: "TriageCoreTests", dependencies: ["TriageCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TriageSchemaTests", dependencies: ["TriageSchema"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TriageReportTests", dependencies: ["TriageReport"]),
        .testTarget(
            name: "TriageGatewayTests",
            dependencies: [
                "TriageGateway", .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The store suite creates and drops a database per PostgreSQL test.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Records the spans a request makes, to check them.
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Drives the built `triage` executable as a user would, through its arguments and exit codes.
        .testTarget(name: "TriageCLITests", dependencies: ["TriageCore"]),
    ],
    swiftLanguageModes: [.v6]
)

// The OTLP exporter (swift-otel) is an opt-in build: it takes minutes to compile, so CI and the
// default build leave it out. `TRIAGE_OTLP=1 swift build` adds it to `triage`, whose
// `serve --otlp-endpoint URL` then exports spans over OTLP/HTTP.
var otlpPackages: [Package.Dependency] {
    // OTLP over HTTP only: the gRPC transport would add grpc-swift to the build.
    Context.environment["TRIAGE_OTLP"] == "1" ? [.package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"])] : []
}

if Context.environment["TRIAGE_OTLP"] == "1", let cli = package.targets.first(where: { $0.name == "triage" }) {
    cli.dependencies.append(.product(name: "OTel", package: "swift-otel"))
    cli.swiftSettings = (cli.swiftSettings ?? []) + [.define("TRIAGE_OTLP")]
}
