// swift-tools-version:6.0
import PackageDescription

// Tusk's benchmarks: a package of their own so that the peers (PostgresNIO, Fluent) never enter the main
// package graph. Build in release mode only, by hand: `bash Benchmarks/run.sh` (see BENCHMARKS.md).
// The limit, a C program against raw libpq, is libpq/libpq_bench.c, compiled by run.sh.
let package = Package(
    name: "TuskBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tusk", path: ".."),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The ORM peer (issue 13): Fluent without Vapor.
        .package(url: "https://github.com/vapor/fluent-kit", exact: "1.57.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", exact: "2.14.0"),
    ],
    targets: [
        // Command line, SQL, id sequence, COPY rows, RESULT lines, RSS: shared by every program.
        .target(name: "BenchCore"),
        .executableTarget(
            name: "tusk-bench",
            dependencies: [
                "BenchCore", .product(name: "Tusk", package: "Tusk"),
                .product(name: "TuskTesting", package: "Tusk"),  // StatementLog: statements counted
            ],
            path: "Sources/TuskBench",
            // Account (the typed-API scenario) is generated from Sources/TuskBench/schema.yaml.
            plugins: [.plugin(name: "TuskGenerator", package: "Tusk")]),
        .executableTarget(
            name: "nio-bench",
            dependencies: [
                "BenchCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/NIOBench"),
        .executableTarget(
            name: "fluent-bench",
            dependencies: [
                "BenchCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/FluentBench"),
    ]
)
