// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Modules only the daemon links: cross-module optimization lets it specialize
/// the generic shard, journal and domain code it instantiates (about a tenth
/// less CPU per command). Not for the modules of the products other packages
/// use (OMSClient, OMSWire, OMSProto, OMSStore, OMSScheduler): unsafe flags
/// would keep packages that depend on omsd by version from using them.
let daemonInternal = strict + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "omsd",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OMSClient", targets: ["OMSClient"]),
        .library(name: "OMSScheduler", targets: ["OMSScheduler"]),
        .library(name: "OMSStore", targets: ["OMSStore"]),
        .executable(name: "omsd", targets: ["omsd"]),
        .executable(name: "omsctl", targets: ["omsctl"]),
        // Not an API: the benchmark packages (Benchmarks/, Benchmarks/Micro; path dependencies)
        // reach the pure layers, the queue and the messages through it. OMSCore and OMSEngine keep
        // the daemon's flags, so the benchmarks run the daemon's compiled core; a package that
        // depends on omsd by version cannot use this product.
        .library(name: "OMSInternals", targets: ["OMSWire", "OMSEngine", "OMSCore", "OMSProto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure layers: no I/O.
        .target(
            name: "OMSCore",
            dependencies: ["OMSProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: daemonInternal
        ),
        .target(name: "OMSScheduler", swiftSettings: strict),
        // Single-writer shards: lock-free command queue, group commit to a journal sink. Threads, no I/O.
        .target(
            name: "OMSEngine",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")],
            swiftSettings: daemonInternal
        ),
        .target(
            name: "OMSWire",
            dependencies: ["OMSProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .target(
            name: "OMSProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // Transport-free RPC runtime: router, server connection driver, status.
        .target(
            name: "OMSRPC",
            dependencies: [
                "OMSWire", "OMSProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: daemonInternal
        ),
        .target(
            name: "OMSServices",
            dependencies: [
                "OMSCore", "OMSEngine", "OMSRPC", "OMSProto", "OMSWire",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: daemonInternal
        ),
        // NIO listeners on Unix and TCP sockets.
        .target(
            name: "OMSServer",
            dependencies: [
                "OMSRPC", "OMSWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: daemonInternal
        ),
        .target(
            name: "OMSClient",
            dependencies: [
                "OMSWire", "OMSProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // In-process transport: client and server joined without sockets (tests, tools).
        .target(
            name: "OMSTesting",
            dependencies: [
                "OMSClient", "OMSRPC", "OMSServer", "OMSServices", "OMSWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The daemon assembled: database, journal, plant shards, services, listeners.
        .target(
            name: "OMSDaemon",
            dependencies: [
                "OMSCore", "OMSEngine", "OMSStore", "OMSRPC", "OMSServer", "OMSServices", "OMSProto", "CJemalloc",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: daemonInternal
        ),
        .executableTarget(
            name: "omsd",
            dependencies: [
                "OMSDaemon", "OMSServer", "OMSServices", "OMSRPC", "OMSWire", "OMSCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "omsctl",
            dependencies: [
                "OMSClient", "OMSProto", "OMSScheduler",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // PostgreSQL through libpq: migrations, journal with group commit, snapshots, embedded cluster.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(
            name: "OMSStore",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: strict
        ),
        // The daemon's allocator (docs/decisions/0011-allocator.md).
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        // C bindings generated by protoc-c, for the MES client library.
        .systemLibrary(name: "CProtobufC", pkgConfig: "libprotobuf-c", providers: [.apt(["libprotobuf-c-dev"])]),
        .target(name: "COMSProto", dependencies: ["CProtobufC"], publicHeadersPath: "include"),

        .testTarget(
            name: "OMSWireTests",
            dependencies: ["OMSWire", "OMSProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .testTarget(name: "OMSEngineTests", dependencies: ["OMSEngine"], swiftSettings: strict),
        .testTarget(
            name: "OMSCoreTests",
            dependencies: ["OMSCore", "OMSProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .testTarget(name: "OMSSchedulerTests", dependencies: ["OMSScheduler"], swiftSettings: strict),
        .testTarget(name: "OMSStoreTests", dependencies: ["OMSStore"], swiftSettings: strict),
        .testTarget(
            name: "OMSServiceTests",
            dependencies: [
                "OMSTesting", "OMSClient", "OMSRPC", "OMSServer", "OMSServices", "OMSProto", "OMSCore", "OMSEngine",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OMSIntegrationTests",
            // omsd and omsctl are listed so that building the tests builds the binaries they run.
            dependencies: ["OMSClient", "OMSProto", "OMSWire", "OMSTesting", "OMSStore", "omsd", "omsctl"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
