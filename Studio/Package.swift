// swift-tools-version:6.0
import PackageDescription

// Tusk Studio (`tusk studio`): a local web application over a database and its schema.yaml.
// Its own package so Hummingbird never enters the main package's graph (users build `tusk` for
// generate-migration). Build: `swift build -c release --package-path Studio`. See docs/studio.md.
let package = Package(
    name: "TuskStudio",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "tusk-studio", targets: ["TuskStudio"])],
    dependencies: [
        .package(name: "Tusk", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    ],
    targets: [
        .executableTarget(
            name: "TuskStudio",
            dependencies: [
                .product(name: "Tusk", package: "Tusk"),
                .product(name: "TuskDev", package: "Tusk"),  // the local PostgreSQL when no database URL
                .product(name: "TuskTools", package: "Tusk"),  // schema.yaml, migration status and drift
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
    ]
)
