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
        // What every load generator shares: the closed loop, the report (table and JSON), process samples.
        .target(
            name: "LoadKit",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
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
    ],
    swiftLanguageModes: [.v6]
)
