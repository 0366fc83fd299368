// swift-tools-version:6.0
import PackageDescription

// A small application that uses Tusk the way any package would: it depends on Tusk (here by
// path) and applies the TuskGenerator plugin to its own target, whose schema.yaml sits beside
// its sources. Build and run: `swift run` in this directory.
let package = Package(
    name: "Bookshelf",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tusk", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Bookshelf",
            dependencies: [.product(name: "Tusk", package: "Tusk")],  // the generated code runs on it
            plugins: [.plugin(name: "TuskGenerator", package: "Tusk")]),
    ]
)
