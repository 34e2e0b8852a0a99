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
    ],
    targets: [
        // OpenBLAS through its C interface; the only native dependency of the learning core.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "TriageCore", dependencies: ["CBLAS"]),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "triage-bench", dependencies: ["TriageCore"], path: "Sources/TriageBench"),
        .testTarget(name: "TriageCoreTests", dependencies: ["TriageCore"], resources: [.copy("Fixtures")]),
        // Drives the built `triage` executable as a user would, through its arguments and exit codes.
        .testTarget(name: "TriageCLITests", dependencies: ["TriageCore"]),
    ],
    swiftLanguageModes: [.v6]
)
