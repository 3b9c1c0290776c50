// swift-tools-version:6.1
import PackageDescription

// Scheduler benchmarks: a plain executable that prints a Markdown table.
// Run: swift run -c release scheduler-bench
let package = Package(
    name: "omsd-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "omsd", path: "..")
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
        )
    ],
    swiftLanguageModes: [.v6]
)
