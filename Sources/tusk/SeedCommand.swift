import ArgumentParser
import Foundation
import Tusk
import TuskSchema
import TuskSeed

/// `tusk seed`: fills a database whose tables exist with deterministic fake data from schema.yaml.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Fill the database (DATABASE_URL or PG* variables) with deterministic fake data from schema.yaml.",
        discussion: """
            Every table gets --rows rows (or only the --table ones; `--table users=50` sets one table's \
            count). The same --seed gives the same rows on a fresh database. Values meet the schema's \
            validators, enums, unique keys and the CHECK constraints the seeder can read; foreign keys \
            point at existing rows. Everything runs in one transaction: on an error nothing is inserted. \
            See docs/seeding.md.
            """)

    @OptionGroup var schemaFile: SchemaFileArgument

    @Option(help: "Rows per table.")
    var rows: Int = 100

    @Option(help: "The random seed: the same seed gives the same rows.")
    var seed: UInt64 = 1

    @Option(name: .customLong("table"), help: "Seed only this table (repeatable); `name=N` also sets its row count.")
    var tables: [String] = []

    @Option(help: "The database URL or conninfo; default: DATABASE_URL, else the PG* variables.")
    var databaseURL: String?

    func validate() throws {
        if rows < 0 { throw ValidationError("--rows must not be negative") }
        for entry in tables where entry.contains("=") {
            guard let count = Int(entry.split(separator: "=", maxSplits: 1)[1]), count >= 0 else {
                throw ValidationError("--table \(entry): the count after '=' must be a whole number")
            }
        }
    }

    var options: SeedOptions {
        var names: [String] = []
        var counts: [String: Int] = [:]
        for entry in tables {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            names.append(parts[0])
            if parts.count == 2 { counts[parts[0]] = Int(parts[1]) }
        }
        return SeedOptions(rows: rows, seed: seed, tables: names.isEmpty ? nil : names, rowsPerTable: counts)
    }

    func run() async throws {
        let schema = try schemaFile.load()
        do {
            let configuration = try databaseURL.map { try PostgresConfiguration($0) } ?? PostgresConfiguration.fromEnvironment()
            let database = try await Database.connect(configuration)
            do {
                let report = try await Seeder.seed(schema, into: database, options: options)
                await database.shutdown()
                Console.output(report.description + "\n")
            } catch {
                await database.shutdown()
                throw error
            }
        } catch let error as SeedError where !error.problems.isEmpty {
            Console.error(error.description)  // one `error:` line per problem
            throw ExitCode.failure
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
