// swift-tools-version:6.1
import PackageDescription

// Scheduler benchmarks: a plain executable that prints a Markdown table.
// Run: swift run -c release scheduler-bench
let package = Package(
    name: "omsd-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "omsd", path: ".."),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The grpc-swift-2 baseline only; omsbench does not build them.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "scheduler-bench",
            dependencies: [.product(name: "OMSScheduler", package: "omsd")],
            path: "Sources/SchedulerBench",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
        // What every load generator shares: the callers (closed loop or paced, on NIO's event loops), the report (table and JSON), process samples.
        .target(
            name: "LoadKit",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/LoadKit",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
        // Load generator: drives the real daemon through OMSClient.
        // Run: swift run -c release omsbench --scenario ping --connections 4 --depth 16 --duration 10
        .executableTarget(
            name: "omsbench",
            dependencies: [
                "LoadKit",
                .product(name: "OMSClient", package: "omsd"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/OMSBench",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
        .executableTarget(
            name: "store-bench",
            dependencies: [.product(name: "OMSStore", package: "omsd")],
            path: "Sources/StoreBench",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
        ),
        // The grpc-swift-2 baseline (issue 7): ServerService/Ping and InventoryService/Availability
        // served over HTTP/2 from the same messages and plant state, and its load generator.
        // Run: grpc-baseline --socket S, then grpc-bench --scenario ping --socket S (see docs/bench/grpc-baseline.md)
        .target(
            name: "OMSGRPCMethods",
            dependencies: [
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/OMSGRPCMethods",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "grpc-baseline",
            dependencies: [
                "OMSGRPCMethods",
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/GRPCBaseline",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "grpc-bench",
            dependencies: [
                "LoadKit", "OMSGRPCMethods",
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/GRPCBench",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
