// swift-tools-version:6.0
import Foundation
import PackageDescription

// Tusk's benchmarks: a package of their own so that the peer (PostgresNIO) never enters the main
// package graph. Build in release mode only, by hand: `bash Benchmarks/run.sh` (see BENCHMARKS.md).
// The limit, a C program against raw libpq, is libpq/libpq_bench.c, compiled by run.sh.

// Tusk by path: the repository root. BENCH_TUSK_PATH points elsewhere (a checkout with runtime
// work not yet on main); tusk-bench is left out while that checkout has no Tusk runtime.
let tuskPath = Context.environment["BENCH_TUSK_PATH"] ?? ".."
let tuskRoot = tuskPath.hasPrefix("/") ? tuskPath : Context.packageDirectory + "/" + tuskPath
let hasTusk = FileManager.default.fileExists(atPath: tuskRoot + "/Sources/Tusk")

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
]
var targets: [Target] = [
    // Command line, SQL, id sequence, COPY rows, RESULT lines, RSS: shared by every program.
    .target(name: "BenchCore"),
    .executableTarget(
        name: "nio-bench",
        dependencies: [
            "BenchCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Sources/NIOBench"),
]
if hasTusk {
    dependencies.append(.package(name: "Tusk", path: tuskPath))
    targets.append(.executableTarget(
        name: "tusk-bench",
        dependencies: ["BenchCore", .product(name: "Tusk", package: "Tusk")],
        path: "Sources/TuskBench"))
}

let package = Package(
    name: "TuskBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: dependencies,
    targets: targets
)
