import ArgumentParser
import Foundation
import Tusk
import TuskMigrations

extension MigrateCommand {
    /// `tusk migrate reset --confirm DBNAME [--force]`: for development databases.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop everything the migrations created and apply them all again (development databases only).",
            discussion: """
                Drops every table, view, sequence, function, type and extension of the current schema (the \
                migration history too), listing each, then applies every migration. Refuses unless --confirm \
                names the database, and on a server that is not local (unix socket or loopback) unless --force.
                """)
        @OptionGroup var target: Target
        @Option(help: "The name of the database to reset: required, and must match the database connected to.")
        var confirm: String?
        @Flag(help: "Reset even though the server is not local.")
        var force = false

        func run() async throws {
            try await target.withMigrator { migrator in
                // A refusal is printed as `error: refusing ...` with exit status 1, nothing touched.
                try await DevelopmentReset.check(connection: migrator.connection, confirm: confirm, force: force)
                let dropped = try await DevelopmentReset.dropEverything(on: migrator.connection)
                Console.output(dropped.isEmpty ? "Nothing to drop.\n" : dropped.map { "Dropped \($0)\n" }.joined())
                let report = try await migrator.up()
                Console.output(report.ran.isEmpty ? "No migrations to apply.\n" : report.ran.map { "Applied \($0)\n" }.joined())
            }
        }
    }
}
