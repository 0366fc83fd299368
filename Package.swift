// swift-tools-version:6.0
import PackageDescription

// Tusk: a code-generated, typed ORM toolkit for PostgreSQL.
// The module map is in docs/ARCHITECTURE.md. Keep the dependency graph small:
// the build-tool plugin's tool (tusk-codegen) needs only TuskSchema + TuskCodegen + libyaml.

let typeCheckLimitMilliseconds = Context.environment["TUSK_TYPECHECK_LIMIT_MS"].flatMap(Int.init) ?? 200

let package = Package(
    name: "Tusk",
    // macOS 15: the runtime runs a lease's task on its connection's thread (TaskExecutor, SE-0417).
    platforms: [.macOS(.v15)],
    products: [
        // TuskMigrator (history, checksums, tusk.sum, embedded files) rides along so the generated
        // `db.migrate()` applies embedded migrations; the planner, diff and introspection
        // (TuskMigrations, libyaml) stay with the CLI and the plugins.
        .library(name: "Tusk", targets: ["Tusk", "TuskMigrator"]),
        .library(name: "TuskTesting", targets: ["TuskTesting"]),
        // The local development database for apps (DevDatabase.connect()): no test helpers, no libyaml.
        .library(name: "TuskDev", targets: ["TuskDev"]),
        .plugin(name: "TuskGenerator", targets: ["TuskGenerator"]),
        .executable(name: "tusk", targets: ["tusk"]),
        // The schema model and the migration tooling for tools in their own packages (Studio/:
        // `tusk studio`), which keep their heavier dependencies out of this package's graph.
        .library(name: "TuskTools", targets: ["TuskSchema", "TuskMigrations"]),
        .plugin(name: "GenerateMigration", targets: ["GenerateMigration"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),  // LogHandler.log(event:)
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        // `swift package generate-documentation` (the DocC catalogs in Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),  // Database is a Service
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),  // spans per OTel db conventions
    ],
    targets: [
        // System libraries (pkg-config names; apt and brew providers).
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),

        // YAML -> validated canonical Schema model, snapshot JSON, diagnostics.
        .target(name: "TuskSchema", dependencies: ["CYAML"]),
        .testTarget(
            name: "TuskSchemaTests", dependencies: ["TuskSchema", "TuskTesting"],
            resources: [.copy("Fixtures")]),

        // Schema -> Swift source (a small structured renderer; no swift-syntax).
        .target(name: "TuskCodegen", dependencies: ["TuskSchema"]),
        .testTarget(
            // Tusk: the golden output is type-checked against the runtime module.
            name: "TuskCodegenTests", dependencies: ["TuskCodegen", "TuskSchema", "Tusk", "TuskTesting"],
            exclude: ["Golden", "Snippets"]),

        // The build plugin's tool: schema.yaml -> Swift files. No database, no network.
        .executableTarget(name: "tusk-codegen", dependencies: ["TuskSchema", "TuskCodegen"], path: "Sources/TuskCodegenTool"),
        .plugin(name: "TuskGenerator", capability: .buildTool(), dependencies: ["tusk-codegen"]),
        // Compiles and uses the plugin's output for the package root's schema.yaml.
        .testTarget(
            name: "TuskIntegrationTests",
            dependencies: [
                "Tusk", "TuskMigrator", "TuskSchema", "TuskMigrations", "TuskTesting", "TuskSeed",
                .product(name: "CoreMetrics", package: "swift-metrics"),  // the read cache's counters
            ],
            // The type-check-time guard: every expression here and in the generated code (a
            // 20-condition where closure among them) must type-check in under 200 ms, or the build fails
            // (`make test` counts the least of up to five builds: scripts/build-tests.sh).
            // TUSK_TYPECHECK_LIMIT_MS loosens it for a developer building beside other builds on a
            // loaded machine; CI and `make test` never set it.
            swiftSettings: [.unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=\(typeCheckLimitMilliseconds)", "-warnings-as-errors"])],
            plugins: ["TuskGenerator"]),

        // Ephemeral PostgreSQL clusters and per-test databases; the rollback fixture over the runtime;
        // `database.seed(schema, rows:seed:)` for tests that need data (TuskSeed).
        .target(name: "TuskTesting", dependencies: ["CLibPQ", "Tusk", "TuskDev", "TuskSchema", "TuskSeed"]),
        .testTarget(name: "TuskTestingTests", dependencies: ["TuskTesting", "Tusk"]),

        // Deterministic fake data from a Schema, written through the runtime (`tusk seed`, TuskTesting).
        .target(name: "TuskSeed", dependencies: ["TuskSchema", "Tusk"]),
        .testTarget(name: "TuskSeedTests", dependencies: ["TuskSeed", "TuskSchema", "TuskMigrations", "Tusk", "TuskTesting"]),

        // A persistent local PostgreSQL under the package (.tusk/dev) for apps in development, and
        // the rule for when an app uses it; `tusk dev` drives it from the command line.
        .target(name: "TuskDev", dependencies: ["Tusk"]),
        .testTarget(name: "TuskDevTests", dependencies: ["TuskDev", "Tusk", "TuskTesting"]),

        // The runtime library users import: connection, pool, codecs, statements, transactions, errors.
        .target(
            name: "Tusk",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]),
        .testTarget(
            name: "TuskTests",
            dependencies: [
                "Tusk", "TuskTesting", "TuskMigrator",
                "TuskDev",  // ProcessEnvironment: the libpq-environment tests change variables while others spawn
                // The lifecycle and metrics tests: a ServiceGroup, and swift-metrics' test backend.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]),
        // Tenant scoping (`db.tenant(id)`) over the generated API of its own schema.yaml (in the
        // target's directory): every read and write path, on a TuskTesting server.
        .testTarget(
            name: "TuskTenantTests",
            dependencies: ["Tusk", "TuskTesting", "TuskSchema", "TuskMigrations"],
            swiftSettings: [.unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=\(typeCheckLimitMilliseconds)", "-warnings-as-errors"])],
            plugins: ["TuskGenerator"]),
        // Several PostgreSQL schemas (public, billing, audit) through the generated API of its own
        // schema.yaml, with a search_path that names none of them.
        .testTarget(
            name: "TuskSchemasTests",
            dependencies: ["Tusk", "TuskTesting", "TuskSchema", "TuskMigrations"],
            swiftSettings: [.unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=\(typeCheckLimitMilliseconds)", "-warnings-as-errors"])],
            plugins: ["TuskGenerator"]),
        // The query-builder core (Sources/Tusk/Query): rendering without a database, and eager
        // loading over hand-written tables on a TuskTesting server.
        .testTarget(
            name: "TuskQueryTests",
            dependencies: ["Tusk", "TuskTesting", .product(name: "CoreMetrics", package: "swift-metrics")]),

        // The example application over schema.yaml (`make demo`): the generated API end to end.
        .executableTarget(
            name: "TuskDemo", dependencies: ["Tusk", "TuskMigrator", "TuskDev", "TuskTesting"],
            plugins: ["TuskGenerator"]),

        // Applying migrations at run time: the migrator, migration files as read, tusk.sum.
        // Part of the Tusk product; no libyaml, no planner.
        .target(
            name: "TuskMigrator",
            dependencies: ["Tusk", .product(name: "Tracing", package: "swift-distributed-tracing")]),
        // Schema diff -> ordered plan -> SQL up/down; lint; DDL for a whole schema; writing
        // migration files; introspection. Re-exports TuskMigrator.
        .target(name: "TuskMigrations", dependencies: ["TuskSchema", "Tusk", "TuskMigrator"]),
        .testTarget(
            name: "TuskMigrationsTests", dependencies: ["TuskMigrations", "TuskSchema", "TuskCodegen", "TuskTesting", "Tusk"],
            exclude: ["Fixtures"]),

        // The command-line tool: validate, sql, generate, ...
        .executableTarget(
            name: "tusk",
            dependencies: [
                // TuskTesting: `tusk queries` prepares the typed SQL files on a throwaway server.
                "TuskSchema", "TuskMigrations", "TuskCodegen", "Tusk", "TuskDev", "TuskTesting", "TuskSeed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // A test helper, not a product: one write through Tusk with cross-process invalidation on,
        // from a separate OS process (CrossProcessCacheTests).
        .executableTarget(name: "tusk-cache-writer", dependencies: ["Tusk"], path: "Sources/TuskCacheWriter"),
        // `swift package generate-migration`: runs `tusk migration new` in the package directory.
        .plugin(
            name: "GenerateMigration",
            capability: .command(
                intent: .custom(verb: "generate-migration", description: "Write a SQL migration for the changes in schema.yaml"),
                permissions: [.writeToPackageDirectory(reason: "writes Generated/Migrations, Generated/schema.snapshot.json and Generated/tusk.sum")]),
            dependencies: ["tusk"]),
    ]
)
