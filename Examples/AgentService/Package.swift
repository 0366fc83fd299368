// swift-tools-version:6.0
import PackageDescription

// A Hummingbird 2 HTTP service over Tusk, run the way a team runs one: one ServiceGroup with the
// HTTP server, the Database and a QueueWorker; SIGTERM drains and exits 0. With no DATABASE_URL
// it runs on the local development PostgreSQL (TuskDev, .tusk/dev) in a debug build. Build and run: `swift run` in this directory.
let package = Package(
    name: "AgentService",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tusk", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "AgentService",
            dependencies: [
                .product(name: "Tusk", package: "Tusk"),
                .product(name: "TuskDev", package: "Tusk"),  // the local PostgreSQL when no DATABASE_URL
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: [.plugin(name: "TuskGenerator", package: "Tusk")]),
    ]
)
