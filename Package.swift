// swift-tools-version:6.0
import PackageDescription

/// kseg: a native tool suite for Apache Kafka log directories.
/// Layering (see docs/ARCHITECTURE.md): kseg → KafkaDump / KafkaMaintenance / KafkaReassign
/// → KafkaLog → KafkaRecords → C codec and CRC shims.
/// Hot loops index raw buffers; exclusivity checks there cost measurable throughput.
let optimized: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "kseg",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kseg", targets: ["kseg"]),
        .library(name: "KafkaRecords", targets: ["KafkaRecords"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries (Debian -dev packages, found through pkg-config).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),

        // Record formats, CRCs and codecs: pure functions over bytes, no I/O.
        .target(
            name: "KafkaRecords",
            dependencies: ["CZlib", "CLZ4", "CSnappy", "CZstd", "CISAL"],
            swiftSettings: optimized
        ),
        // The storage engine: segments, indexes, checkpoints, the one batch walk and IndexBuilder.
        .target(name: "KafkaLog", dependencies: ["KafkaRecords"], swiftSettings: optimized),
        // dump-log-segments: Kafka-exact text and JSON renderings of what KafkaLog reads.
        .target(name: "KafkaDump", dependencies: ["KafkaLog", "KafkaRecords"], swiftSettings: optimized),
        // verify-index, rebuild-index, retention, compaction: plans first, then crash-safe execution.
        .target(name: "KafkaMaintenance", dependencies: ["KafkaLog", "KafkaRecords"], swiftSettings: optimized),

        // Reassignment planning: assignment model, Kafka's reassignment JSON, planners. The
        // planner is pure; measuring partition sizes in log directories goes through KafkaLog
        // (names, layout, meta.properties, segments), and JSON strings through KafkaRecords' escaper.
        .target(name: "KafkaReassign", dependencies: ["KafkaLog", "KafkaRecords"], swiftSettings: optimized),

        .executableTarget(
            name: "kseg",
            dependencies: [
                "KafkaDump", "KafkaMaintenance", "KafkaReassign", "KafkaLog", "KafkaRecords",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimized
        ),

        // Helpers shared by the test targets (running the real binary, fixture copies).
        .target(name: "KsegTestSupport", path: "Tests/KsegTestSupport"),
        .testTarget(name: "KafkaRecordsTests", dependencies: ["KafkaRecords", "KsegTestSupport"]),
        .testTarget(name: "KafkaLogTests", dependencies: ["KafkaLog", "KafkaRecords", "KsegTestSupport"]),
        .testTarget(name: "KafkaDumpTests", dependencies: ["KafkaDump", "KafkaLog", "KafkaRecords", "KsegTestSupport", "kseg"]),
        .testTarget(name: "KafkaMaintenanceTests", dependencies: ["KafkaMaintenance", "KafkaLog", "KafkaRecords", "KsegTestSupport", "kseg"]),
        .testTarget(name: "KafkaReassignTests", dependencies: ["KafkaReassign", "KafkaLog", "KsegTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)

