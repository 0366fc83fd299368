import ArgumentParser
import Foundation
import Tusk
import TuskMigrations

/// `tusk migrate up|down|status|check|resolve|baseline|reset`: runs the migrations of `Generated/` against a database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply, revert and inspect migrations on a database (DATABASE_URL or PG* variables).",
        subcommands: [Up.self, Down.self, Status.self, Check.self, Resolve.self, Baseline.self, Reset.self])

    struct Target: ParsableArguments {
        @Option(help: "The database URL or conninfo; default: DATABASE_URL, else the PG* variables.")
        var databaseURL: String?

        @Option(help: "The directory holding Migrations/ and tusk.sum.")
        var generated: String = "Generated"

        @Option(help: "Seconds to wait for another deployer's migration lock.")
        var lockTimeout: Int = 60

        /// Runs `body` with a migrator on a fresh connection; errors go to stderr with exit 1.
        func withMigrator(_ body: (Migrator) async throws -> Void) async throws {
            do {
                let configuration = try databaseURL.map { try PostgresConfiguration($0) } ?? PostgresConfiguration.fromEnvironment()
                let workspace = MigrationWorkspace(directory: URL(fileURLWithPath: generated))
                let sources = try MigrationSource.load(directory: workspace.migrationsDirectory)
                let connection = try await Connection.connect(configuration)
                var migrator = Migrator(connection: connection, migrations: sources, sum: try workspace.sum())
                migrator.lockTimeout = .seconds(lockTimeout)
                do {
                    try await body(migrator)
                    await connection.close()
                } catch {
                    await connection.close()
                    throw error
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                Console.error("error: \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply every pending migration in version order.",
            discussion: "Stops before a pending contract migration (the second half of an expand/contract pair) unless --contract.")
        @OptionGroup var target: Target
        @Flag(help: "Also apply pending contract migrations: only once every running instance uses the new code.")
        var contract = false
        func run() async throws {
            try await target.withMigrator { migrator in
                let report = try await migrator.up(includingContracts: contract)
                for id in report.outOfOrder { Console.error("warning: \(id) is older than an applied migration (merged from another branch); applied now") }
                Console.output(report.ran.isEmpty && report.heldBack == nil ? "Up to date.\n" : report.ran.map { "Applied \($0)\n" }.joined())
                if let held = report.heldBack {
                    Console.output("Held back \(held) (a contract) and what follows it: run `tusk migrate up --contract` once every instance runs the new code.\n")
                }
            }
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revert the newest applied migrations with their down sections.")
        @OptionGroup var target: Target
        @Option(help: "How many migrations to revert.") var steps: Int = 1
        func run() async throws {
            try await target.withMigrator { migrator in
                let report = try await migrator.down(steps: steps)
                Console.output(report.ran.isEmpty ? "Nothing to revert.\n" : report.ran.map { "Reverted \($0)\n" }.joined())
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every migration and whether it is applied, pending, failed or edited.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.withMigrator { migrator in
                for (id, state) in try await migrator.status() { Console.output("\(state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(id)\n") }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 1 unless every migration is applied unchanged and the catalog matches Generated/schema.snapshot.json (drift is listed).")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.withMigrator { migrator in
                var problems = try await migrator.status().filter { $0.state != .applied }.map { "\($0.state.rawValue): \($0.id)" }
                if problems.isEmpty {
                    let expected = try MigrationWorkspace(directory: URL(fileURLWithPath: target.generated)).snapshot()
                    let actual = try await CatalogIntrospector.read(migrator.connection)
                    problems = SchemaDrift.differences(expected: expected, actual: actual).map { "drift: " + $0 }
                }
                if problems.isEmpty { Console.output("Database matches the migrations.\n"); return }
                Console.error("error: the database differs from the migrations:\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
                throw ExitCode.failure
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a migration that failed outside a transaction as applied, after repairing the database by hand.")
        @OptionGroup var target: Target
        @Argument(help: "The migration id, e.g. 20261125190530_add_index.") var id: String
        func run() async throws {
            try await target.withMigrator { migrator in
                try await migrator.resolve(id)
                Console.output("Marked \(id) as applied.\n")
            }
        }
    }

    struct Baseline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record every migration as applied without running it, on an existing database that already matches Generated/schema.snapshot.json.",
            discussion: "The adoption path (docs/adopting.md): tusk introspect, review schema.yaml, generate the initial migration, then baseline the existing database once. Refuses, listing the drift, when the catalog differs from the snapshot; refuses on a database that already has applied migrations.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.withMigrator { migrator in
                let snapshot = try MigrationWorkspace(directory: URL(fileURLWithPath: target.generated)).snapshot()
                let report = try await migrator.baseline(matching: snapshot)
                Console.output(report.ran.map { "Recorded \($0) as applied (baseline; not run)\n" }.joined())
            }
        }
    }
}
