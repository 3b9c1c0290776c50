// swift-tools-version:6.1
import PackageDescription

// Micro-benchmarks (ordo-one/benchmark) of the frame codec, the lock-free
// queue against a mutex-protected deque, and the stock and order state
// machines. A package of its own so that neither CI nor omsbench builds them.
// Run: swift package --allow-writing-to-package-directory benchmark
let benchmarkTarget: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "omsd-micro-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "omsd", path: "../.."),
        // Malloc counts only: the default RuntimeInterposer trait needs ordo-one/swift-runtime-interposer, not mirrored here.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "FrameCodec",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Benchmarks/FrameCodec",
            swiftSettings: benchmarkTarget,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Queues",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Benchmarks/Queues",
            swiftSettings: benchmarkTarget,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StateMachines",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OMSInternals", package: "omsd"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Benchmarks/StateMachines",
            swiftSettings: benchmarkTarget,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
